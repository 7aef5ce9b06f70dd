import { isLostAttempt } from '../engine/index.js';
import type { MetadataStore } from '../metadata/index.js';
import type { AttemptRecord, RunRecord, TaskRecord } from '../metadata/records.js';
import { cell, formatDuration, table } from './format.js';
import { storageLines } from './storage-report.js';

/** The `--json` result of `skiff run` / `skiff resume`. */
export interface RunJson {
  readonly run_id: string;
  readonly state: string;
  readonly outputs: Record<string, unknown>;
  readonly tasks: Array<{ name: string; state: string; attempts: number; error?: string }>;
  readonly error?: string;
}

/** Tasks and attempts of a run, read once from the store. */
export interface RunDetails {
  readonly run: RunRecord;
  readonly tasks: TaskRecord[];
  readonly attempts: Map<string, AttemptRecord[]>;
}

/** Load a run with its tasks and attempts. */
export async function loadRunDetails(metadata: MetadataStore, run: RunRecord): Promise<RunDetails> {
  const tasks = await metadata.tasks.listByRun(run.id);
  const attempts = new Map<string, AttemptRecord[]>();
  for (const a of await metadata.attempts.listByRun(run.id)) {
    const list = attempts.get(a.taskId) ?? [];
    list.push(a);
    attempts.set(a.taskId, list);
  }
  return { run, tasks, attempts };
}

/** Pipeline outputs as one object: parameters by name, artifacts as their URI (or list of URIs). */
export function outputsOf(run: RunRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(run.outputs?.parameters ?? {}) };
  for (const [name, list] of Object.entries(run.outputs?.artifacts ?? {})) {
    out[name] = list.length === 1 ? list[0]!.uri : list.map((a) => a.uri);
  }
  return out;
}

/** The JSON shape of a finished run (expectations.yaml naming: task paths). */
export function runJson(details: RunDetails): RunJson {
  return {
    run_id: details.run.id,
    state: details.run.state,
    outputs: outputsOf(details.run),
    tasks: details.tasks.map((t) => ({
      name: t.path,
      state: t.state,
      attempts: details.attempts.get(t.id)?.length ?? 0,
      ...(t.state === 'FAILED' && t.error ? { error: t.error } : {}),
    })),
    ...(details.run.error ? { error: details.run.error } : {}),
  };
}

function took(start: number | null, end: number | null): string {
  return start && end ? formatDuration(end - start) : start ? 'running' : '';
}

/**
 * `made/max` for the task's current retry round, counted as the engine counts them (attempts lost
 * to a crash of Skiff are not), then how many were lost and how many earlier run retries made.
 */
function attemptsCell(task: TaskRecord, attempts: readonly AttemptRecord[]): string {
  if (attempts.length === 0) return '';
  const current = attempts.filter((a) => a.retryRound === task.retryRound);
  const lost = current.filter(isLostAttempt).length;
  const earlier = attempts.length - current.length;
  return `${current.length - lost}/${task.maxAttempts}${lost > 0 ? ` +${lost} lost` : ''}${earlier > 0 ? ` +${earlier} earlier` : ''}`;
}

/** Human summary: run state and time, a task table with attempts, failures with messages, outputs. */
export function runSummary(details: RunDetails, options: { attempts?: boolean } = {}): string {
  const { run } = details;
  const lines = [
    `run ${run.id} ${run.state} in ${took(run.startedAtMs, run.finishedAtMs) || '-'}  (${run.pipelineName})`,
  ];
  if (run.storage) lines.push(...storageLines(run.storage));
  else lines.push(`pipeline root: ${run.pipelineRoot}`);
  const rows: string[][] = [['TASK', 'STATE', 'ATTEMPTS', 'TIME']];
  // Lines printed under a row, outside the table (messages and log URIs would widen its columns).
  const below = new Map<number, string[]>();
  const byPath = [...details.tasks].sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  for (const t of byPath) {
    if (t.kind === 'iteration' && details.tasks.length > 200) continue;
    const attempts = details.attempts.get(t.id) ?? [];
    rows.push([t.path, t.state, attemptsCell(t, attempts), took(t.startedAtMs, t.finishedAtMs)]);
    if (options.attempts) {
      for (const a of attempts) {
        const kind = a.failureKind ? ` ${a.failureKind}` : '';
        const exit = a.exitCode !== null ? ` exit ${a.exitCode}` : '';
        rows.push([
          `  #${a.number}${a.retryRound > 0 ? ` retry ${a.retryRound}` : ''}`,
          `${a.state}${kind}${exit}`,
          new Date(a.startedAtMs).toISOString(),
          took(a.startedAtMs, a.finishedAtMs),
        ]);
        const extra = [
          ...(a.message ? [a.message.split('\n')[0] ?? ''] : []),
          ...(a.note ? [`note: ${a.note}`] : []),
          ...(a.logUri ? [`log: ${a.logUri}`] : []),
        ];
        if (extra.length > 0)
          below.set(
            rows.length - 1,
            extra.map((line) => `      ${line}`),
          );
      }
    }
  }
  if (rows.length > 1) {
    table(rows)
      .split('\n')
      .forEach((line, index) => {
        lines.push(line, ...(below.get(index) ?? []));
      });
  }
  const failures = details.tasks.filter(
    (t) => t.state === 'FAILED' && (t.kind === 'container' || t.kind === 'importer'),
  );
  for (const t of failures) lines.push(`✗ ${t.path}: ${t.error ?? 'failed'}`);
  if (failures.length === 0 && run.error) lines.push(`✗ run: ${run.error}`);
  const outputs = Object.entries(outputsOf(run));
  if (outputs.length > 0) {
    lines.push('outputs:');
    for (const [name, value] of outputs) lines.push(`  ${name} = ${cell(value, 200)}`);
  }
  return `${lines.join('\n')}\n`;
}
