import type { PipelineSpec } from '../ir/types.js';
import type { TaskPatch } from '../metadata/metadata-store.js';
import type {
  AttemptRecord,
  IoValues,
  RunRecord,
  TaskKind,
  TaskRecord,
  TaskState,
} from '../metadata/records.js';
import type { EngineDeps } from './engine-deps.js';
import type { PipelinePlaceholderValues } from './pipeline-placeholders.js';
import type { ProcessSlots } from './ports.js';
import type { Semaphore } from './semaphore.js';

/** Everything the parts of one run execution share. */
export interface RunScope {
  readonly deps: EngineDeps;
  readonly run: RunRecord;
  readonly spec: PipelineSpec;
  readonly signal: AbortSignal;
  /** Bounds attempts in flight (staging, running, collecting): twice the process limit. */
  readonly slots: Semaphore;
  /** Bounds task processes running at once (`engine.maxParallelTasks`); held by the runner. */
  readonly processSlots: ProcessSlots;
  /** Task rows found in the store at start (resume), by path. */
  readonly existing: ReadonlyMap<string, TaskRecord>;
  /** The run's current retry round (0 until its first retry): tasks first recorded now belong to it. */
  readonly retryRound: number;
  readonly cacheEnabled: boolean;
  /** Placeholder values shared by every task of the run (task name and id are filled per task). */
  readonly placeholders: Omit<PipelinePlaceholderValues, 'taskName' | 'taskUuid'>;
}

/** The end of a task as its DAG sees it. */
export interface TaskResult {
  readonly taskId: string;
  readonly name: string;
  readonly state: TaskState;
  readonly outputs: IoValues;
  /** True when the task did not run because an upstream task failed (propagates downstream). */
  readonly upstreamFailed: boolean;
  readonly error: string | null;
}

/** Empty inputs/outputs. */
export const NO_VALUES: IoValues = Object.freeze({ parameters: {}, artifacts: {} });

/** A task row being written: created on first sight, or adopted from the store on resume. */
export class TaskRow {
  #written: boolean;

  constructor(
    private readonly scope: RunScope,
    readonly record: TaskRecord,
    written = true,
  ) {
    this.#written = written;
  }

  get id(): string {
    return this.record.id;
  }

  /** False while a new task's row is prepared but not yet in the store (see `prepare`). */
  get written(): boolean {
    return this.#written;
  }

  /** Open (or adopt) the row for `path` and mark it RUNNING. */
  static async open(scope: RunScope, init: TaskRowInit): Promise<TaskRow> {
    const row = await TaskRow.prepare(scope, init);
    await row.write();
    return row;
  }

  /**
   * As `open`, except that a new task's row is only prepared: it is written by `write`, by
   * `writeWithAttempt` together with the task's first attempt, or by `finish` in its final state.
   */
  static async prepare(scope: RunScope, init: TaskRowInit): Promise<TaskRow> {
    const now = scope.deps.clock.nowMs();
    const found = scope.existing.get(init.path);
    if (found) {
      const patch: TaskPatch = {
        state: 'RUNNING',
        inputs: init.inputs,
        startedAtMs: found.startedAtMs ?? now,
      };
      await scope.deps.metadata.tasks.update(found.id, patch);
      const row = new TaskRow(scope, { ...found, ...patch });
      row.emit();
      return row;
    }
    const record: TaskRecord = {
      id: init.id,
      runId: scope.run.id,
      path: init.path,
      parentPath: init.parentPath,
      name: init.name,
      kind: init.kind,
      state: 'RUNNING',
      createdAtMs: now,
      startedAtMs: now,
      finishedAtMs: null,
      inputs: init.inputs,
      outputs: null,
      cacheKey: null,
      cachedFrom: null,
      maxAttempts: init.maxAttempts,
      error: null,
      retryRound: scope.retryRound,
    };
    return new TaskRow(scope, record, false);
  }

  /** Write a prepared row (RUNNING); no-op once it is in the store. */
  async write(): Promise<void> {
    if (this.#written) return;
    await this.scope.deps.metadata.tasks.create(this.record);
    this.#written = true;
    this.emit();
  }

  /** Write a prepared row with its first attempt, in one transaction. */
  async writeWithAttempt(attempt: AttemptRecord): Promise<void> {
    if (this.#written) throw new Error(`task ${this.id}: its row is already written (a bug)`);
    await this.scope.deps.metadata.tasks.createWithAttempt(this.record, attempt);
    this.#written = true;
    this.emit();
  }

  /** Record a final state with outputs; returns the TaskResult for the DAG. */
  async finish(
    state: TaskState,
    outputs: IoValues,
    error: string | null,
    patch: TaskPatch = {},
  ): Promise<TaskResult> {
    const finishedAtMs = this.scope.deps.clock.nowMs();
    const end = { ...patch, state, outputs, error, finishedAtMs };
    if (this.#written) {
      await this.scope.deps.metadata.tasks.update(this.id, end);
    } else {
      // Ended before it was written (canceled while waiting, a failure before its first attempt).
      await this.scope.deps.metadata.tasks.create({ ...this.record, ...end });
      this.#written = true;
    }
    this.emit({ state, finishedAtMs, ...(error ? { message: error } : {}) });
    return { taskId: this.id, name: this.record.name, state, outputs, upstreamFailed: false, error };
  }

  /**
   * Tell listeners about this task: for container tasks the attempt number and `maxAttempts`, the
   * highest number this round can reach (above the policy's count once a run retry added a round).
   */
  emit(
    extra: {
      state?: TaskState;
      attempt?: number;
      maxAttempts?: number;
      finishedAtMs?: number;
      message?: string;
    } = {},
  ): void {
    this.scope.deps.onEvent?.({
      type: 'task',
      runId: this.scope.run.id,
      taskId: this.record.id,
      path: this.record.path,
      kind: this.record.kind,
      state: extra.state ?? this.record.state,
      maxAttempts: extra.maxAttempts ?? this.record.maxAttempts,
      startedAtMs: this.record.startedAtMs,
      finishedAtMs: extra.finishedAtMs ?? null,
      ...(extra.attempt !== undefined ? { attempt: extra.attempt } : {}),
      ...(extra.message !== undefined ? { message: extra.message } : {}),
    });
  }
}

/** What a task row is opened with. */
export interface TaskRowInit {
  readonly id: string;
  readonly path: string;
  readonly parentPath: string | null;
  readonly name: string;
  readonly kind: TaskKind;
  readonly inputs: IoValues;
  readonly maxAttempts: number;
}

/** Record a task that ends without running (skipped, canceled, failed before start). */
export async function recordUnstartedTask(
  scope: RunScope,
  init: { id?: string; path: string; parentPath: string | null; name: string; kind: TaskKind },
  state: TaskState,
  error: string | null,
): Promise<TaskResult> {
  const found = scope.existing.get(init.path);
  const now = scope.deps.clock.nowMs();
  let id: string;
  if (found) {
    id = found.id;
    await scope.deps.metadata.tasks.update(id, { state, error, finishedAtMs: now });
  } else {
    id = init.id ?? scope.deps.newId();
    await scope.deps.metadata.tasks.create({
      id,
      runId: scope.run.id,
      path: init.path,
      parentPath: init.parentPath,
      name: init.name,
      kind: init.kind,
      state,
      createdAtMs: now,
      startedAtMs: null,
      finishedAtMs: now,
      inputs: null,
      outputs: null,
      cacheKey: null,
      cachedFrom: null,
      maxAttempts: 1,
      error,
      retryRound: scope.retryRound,
    });
  }
  scope.deps.onEvent?.({
    type: 'task',
    runId: scope.run.id,
    taskId: id,
    path: init.path,
    kind: init.kind,
    state,
    finishedAtMs: now,
    ...(error ? { message: error } : {}),
  });
  return { taskId: id, name: init.name, state, outputs: NO_VALUES, upstreamFailed: false, error };
}
