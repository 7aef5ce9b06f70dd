import type { MetadataStore, RunRecord } from '../../metadata/index.js';
import { rfc3339 } from '../kfp/run-json.js';
import { capped, type Payload } from './event-frames.js';
import type { EventLimits } from './event-limits.js';

/** Room kept in each snapshot part for its run fields and framing, in bytes. */
const PART_SLACK_BYTES = 4 * 1024;

/**
 * The payloads of a run's snapshot, read from the store: the run's state, then every task (id,
 * path, parent path, name, kind, state, latest attempt number, max attempts, times, error), split
 * into parts that each stay under `maxEventBytes`. Only the last part says `complete: true`.
 */
export async function runSnapshot(
  metadata: MetadataStore,
  run: RunRecord,
  limits: EventLimits,
): Promise<Payload[]> {
  const [tasks, attempts] = await Promise.all([
    metadata.tasks.listByRun(run.id),
    metadata.attempts.listByRun(run.id),
  ]);
  const latest = new Map<string, number>();
  for (const a of attempts) latest.set(a.taskId, Math.max(latest.get(a.taskId) ?? 0, a.number));
  const max = limits.maxTextChars;
  const runFields = capped(
    {
      run_id: run.id,
      display_name: run.displayName,
      state: run.state,
      created_at: rfc3339(run.createdAtMs),
      start_time: rfc3339(run.startedAtMs) ?? null,
      end_time: rfc3339(run.finishedAtMs) ?? null,
      error: run.error,
    },
    max,
  );
  const parts: Payload[] = [];
  let current: Payload[] = [];
  let bytes = Buffer.byteLength(JSON.stringify(runFields)) + PART_SLACK_BYTES;
  const flush = () => {
    parts.push({ part: parts.length, tasks: current });
    current = [];
    bytes = PART_SLACK_BYTES;
  };
  for (const task of tasks) {
    const fields = capped(
      {
        task_id: task.id,
        path: task.path,
        parent_path: task.parentPath,
        name: task.name,
        kind: task.kind,
        state: task.state,
        attempt: latest.get(task.id) ?? null,
        max_attempts: task.maxAttempts,
        start_time: rfc3339(task.startedAtMs) ?? null,
        end_time: rfc3339(task.finishedAtMs) ?? null,
        error: task.error,
      },
      max,
    );
    const size = Buffer.byteLength(JSON.stringify(fields)) + 1;
    if (current.length > 0 && bytes + size > limits.maxEventBytes) flush();
    current.push(fields);
    bytes += size;
  }
  flush();
  const first = parts[0]!;
  parts[0] = { part: 0, run: runFields, ...first };
  return parts.map((part, i) => ({ ...part, complete: i === parts.length - 1 }));
}
