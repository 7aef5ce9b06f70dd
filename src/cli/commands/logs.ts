import { Command } from 'commander';
import { didYouMean, SkiffError } from '../../errors/index.js';
import type { MetadataStore } from '../../metadata/index.js';
import {
  type AttemptRecord,
  FINAL_RUN_STATES,
  FINAL_TASK_STATES,
  type TaskRecord,
} from '../../metadata/records.js';
import { createServices } from '../../services.js';
import { openUri, type StoreLookup, sizeOfUri } from '../../storage/index.js';
import type { CliIo } from '../cli-io.js';
import { findRun } from '../find-run.js';
import { loadCliConfig, withConfigFlags } from '../load-cli-config.js';
import { positiveInteger } from '../usage.js';

const POLL_MS = 200;

/** Print the bytes of the log at `uri` (a live local file, or stored under the pipeline root) from `from`. */
async function copyRange(io: CliIo, storeFor: StoreLookup, uri: string, from: number): Promise<number> {
  const size = (await sizeOfUri(uri, storeFor)) ?? 0;
  if (size <= from) return from;
  for await (const chunk of await openUri(uri, storeFor, from, size)) io.stdout.write(chunk.toString());
  return size;
}

function hasTask(tasks: readonly TaskRecord[], name: string): boolean {
  return tasks.some((t) => t.kind === 'container' && (t.path === name || t.name === name));
}

async function isFinished(metadata: MetadataStore, runId: string): Promise<boolean> {
  const run = await metadata.runs.get(runId);
  return run === undefined || FINAL_RUN_STATES.has(run.state);
}

function pickTask(tasks: readonly TaskRecord[], name: string): TaskRecord {
  const leaves = tasks.filter((t) => t.kind === 'container');
  const exact = leaves.find((t) => t.path === name);
  if (exact) return exact;
  const byName = leaves.filter((t) => t.name === name);
  if (byName.length === 1) return byName[0]!;
  const hint =
    byName.length > 1
      ? ` (it names ${byName.length} tasks: give the full path, e.g. "${byName[0]!.path}")`
      : didYouMean(
          name,
          leaves.map((t) => t.path),
        );
  throw new SkiffError('SKIFF_TASK_NOT_FOUND', `the run has no container task "${name}"${hint}`);
}

async function attemptsOf(metadata: MetadataStore, task: TaskRecord): Promise<AttemptRecord[]> {
  return metadata.attempts.listByTask(task.id);
}

/**
 * Throws SKIFF_ATTEMPT_NOT_FOUND, naming the attempts there are, when `task` has no attempt
 * `number` and none can come (not following, or the task has finished).
 */
async function requireAttempt(
  metadata: MetadataStore,
  task: TaskRecord,
  number: number,
  follow: boolean,
): Promise<void> {
  const attempts = await attemptsOf(metadata, task);
  if (attempts.some((a) => a.number === number)) return;
  const fresh = await metadata.tasks.get(task.id);
  if (follow && fresh && !FINAL_TASK_STATES.has(fresh.state)) return;
  const numbers = attempts.map((a) => a.number);
  const has =
    numbers.length === 0
      ? 'it has no attempts (yet)'
      : `it has attempt${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}`;
  throw new SkiffError('SKIFF_ATTEMPT_NOT_FOUND', `task "${task.path}" has no attempt ${number}; ${has}`, {
    fix:
      numbers.length === 0
        ? 'Wait for the task to start, or follow it with --follow.'
        : `Give --attempt ${numbers.join(', ')} (or leave --attempt out for the last attempt).`,
  });
}

/** Print one attempt's log; with `follow`, keep printing while it runs. */
async function printAttempt(
  io: CliIo,
  storeFor: StoreLookup,
  metadata: MetadataStore,
  task: TaskRecord,
  number: number | undefined,
  follow: boolean,
): Promise<void> {
  let offset = 0;
  let path: string | undefined;
  for (;;) {
    const attempts = await attemptsOf(metadata, task);
    const attempt = number === undefined ? attempts.at(-1) : attempts.find((a) => a.number === number);
    if (attempt?.logUri) {
      const current = attempt.logUri;
      if (path !== undefined && current !== path) offset = await copyRange(io, storeFor, path, offset);
      if (current !== path) offset = path === undefined ? 0 : offset;
      path = current;
      offset = await copyRange(io, storeFor, path, offset);
    }
    if (!follow) {
      if (!attempt) io.stderr.write(`${task.path}: no attempt${number ? ` #${number}` : ''} yet\n`);
      return;
    }
    const finished = attempt && attempt.state !== 'RUNNING';
    const fresh = await metadata.tasks.get(task.id);
    const taskDone = fresh && ['SUCCEEDED', 'FAILED', 'SKIPPED', 'CACHED', 'CANCELED'].includes(fresh.state);
    if (finished && (number !== undefined || taskDone || attempt.nextRetryAtMs === null)) return;
    if (!attempt && taskDone) return;
    if (finished && attempt.nextRetryAtMs !== null && number === undefined) {
      const next = (await attemptsOf(metadata, task)).at(-1);
      if (next && next.number !== attempt.number) {
        io.stdout.write(`\n--- ${task.path} attempt ${next.number} ---\n`);
        path = undefined;
        offset = 0;
        continue;
      }
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** `skiff logs RUN [TASK] [--attempt N] [--follow]`. */
export function logsCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('logs')
    .description("print a task attempt's stdout and stderr (the last attempt unless --attempt)")
    .argument('<run>', 'run id (or a unique prefix)')
    .argument('[task]', 'task path (e.g. exit-handler-1.fail-op) or name; all tasks when omitted')
    .option('--attempt <n>', 'attempt number (1-based)', positiveInteger)
    .option('-f, --follow', 'keep printing while the attempt runs');
  withConfigFlags(command);
  command.action(async (runId: string, taskName: string | undefined, options: Record<string, unknown>) => {
    const services = await createServices(await loadCliConfig(io, options), io.env, undefined, {
      readOnly: true,
    });
    try {
      const run = await findRun(services.metadata, runId);
      const number = options.attempt as number | undefined;
      let tasks = await services.metadata.tasks.listByRun(run.id);
      if (taskName) {
        // Following a task that has not started yet: wait for it while the run goes on.
        while (
          options.follow === true &&
          !hasTask(tasks, taskName) &&
          !(await isFinished(services.metadata, run.id))
        ) {
          await new Promise((r) => setTimeout(r, POLL_MS));
          tasks = await services.metadata.tasks.listByRun(run.id);
        }
        const task = pickTask(tasks, taskName);
        const follow = options.follow === true;
        if (number !== undefined) await requireAttempt(services.metadata, task, number, follow);
        await printAttempt(io, services.stores.storeFor, services.metadata, task, number, follow);
      } else {
        for (const task of tasks.filter((t) => t.kind === 'container')) {
          io.stdout.write(`--- ${task.path} ---\n`);
          await printAttempt(io, services.stores.storeFor, services.metadata, task, number, false);
        }
      }
      done(0);
    } finally {
      await services.close();
    }
  });
  return command;
}
