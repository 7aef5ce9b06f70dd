import type { EngineEvent } from '../../engine/index.js';
import type { AttemptRecord, RunStateRecord, TaskRecord } from '../../metadata/index.js';

/** A run as the store holds it at one moment: the run, its tasks and their attempts. */
export interface RunView {
  readonly run: RunStateRecord;
  /** By task id, in creation order. */
  readonly tasks: ReadonlyMap<string, TaskRecord>;
  /** By task id, then attempt number. */
  readonly attempts: ReadonlyMap<string, ReadonlyMap<number, AttemptRecord>>;
}

/** The view of `run` with these rows. */
export function runView(
  run: RunStateRecord,
  tasks: readonly TaskRecord[],
  attempts: readonly AttemptRecord[],
): RunView {
  const byTask = new Map<string, Map<number, AttemptRecord>>();
  for (const attempt of attempts) {
    const numbers = byTask.get(attempt.taskId) ?? new Map<number, AttemptRecord>();
    numbers.set(attempt.number, attempt);
    byTask.set(attempt.taskId, numbers);
  }
  return { run, tasks: new Map(tasks.map((task) => [task.id, task])), attempts: byTask };
}

/**
 * The events that take a client from `before` to `after`, shaped as the engine reports them: per
 * task that changed (or is new) its `task` event, then its new or changed attempts; the run's own
 * change last, so a final state comes after everything that led to it.
 */
export function runChanges(before: RunView, after: RunView): EngineEvent[] {
  const runId = after.run.id;
  const events: EngineEvent[] = [];
  for (const task of after.tasks.values()) {
    const old = before.tasks.get(task.id);
    if (old === undefined || taskChanged(old, task)) {
      events.push({
        type: 'task',
        runId,
        taskId: task.id,
        path: task.path,
        kind: task.kind,
        state: task.state,
        maxAttempts: task.maxAttempts,
        startedAtMs: task.startedAtMs,
        finishedAtMs: task.finishedAtMs,
        ...(task.error === null ? {} : { message: task.error }),
      });
    }
    const oldAttempts = before.attempts.get(task.id);
    for (const attempt of after.attempts.get(task.id)?.values() ?? []) {
      const was = oldAttempts?.get(attempt.number);
      if (was !== undefined && !attemptChanged(was, attempt)) continue;
      events.push({ type: 'attempt', runId, path: task.path, maxAttempts: task.maxAttempts, attempt });
    }
  }
  const run = after.run;
  if (runChanged(before.run, run)) {
    events.push({
      type: 'run',
      runId,
      state: run.state,
      displayName: run.displayName,
      startedAtMs: run.startedAtMs,
      finishedAtMs: run.finishedAtMs,
      error: run.error,
    });
  }
  return events;
}

/** The fields each event carries: a change in any of them is sent. */
const RUN_FIELDS = ['state', 'startedAtMs', 'finishedAtMs', 'error', 'displayName'] as const;
const TASK_FIELDS = ['state', 'startedAtMs', 'finishedAtMs', 'error', 'maxAttempts'] as const;
const ATTEMPT_FIELDS = [
  'state',
  'finishedAtMs',
  'exitCode',
  'failureKind',
  'message',
  'nextRetryAtMs',
] as const;

/** True when what a run's `run` event carries differs. */
export function runChanged(a: RunStateRecord, b: RunStateRecord): boolean {
  return differs(a, b, RUN_FIELDS);
}

function taskChanged(a: TaskRecord, b: TaskRecord): boolean {
  return differs(a, b, TASK_FIELDS);
}

function attemptChanged(a: AttemptRecord, b: AttemptRecord): boolean {
  return differs(a, b, ATTEMPT_FIELDS);
}

function differs<T>(a: T, b: T, fields: readonly (keyof T)[]): boolean {
  return fields.some((field) => a[field] !== b[field]);
}
