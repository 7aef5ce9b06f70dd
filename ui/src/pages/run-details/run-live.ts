import type {
  AttemptEventData,
  RunEventData,
  SnapshotData,
  SnapshotTask,
  TaskEventData,
} from '../../api/run-events';

/** A task as the page knows it: the snapshot's row, patched by later events. */
export type LiveTask = { -readonly [K in keyof SnapshotTask]: SnapshotTask[K] };

/**
 * A run's live state, built from its event stream: the snapshot (applied once complete), then each
 * `run`, `task` and `attempt` event patched in place. `version` counts the changes so a view
 * knows when to draw again; nothing here is ever fetched again as a whole.
 */
export class RunLive {
  run: RunEventData | undefined;
  /** Tasks by path. */
  readonly tasks = new Map<string, LiveTask>();
  /** Attempt events by task id, then number (attempt rows patch the fetched list with them). */
  readonly attempts = new Map<string, Map<number, AttemptEventData>>();
  /** True once a complete snapshot was applied. */
  ready = false;
  /** True after `end`: the run is final and the stream closed. */
  ended = false;
  version = 0;
  private parts: SnapshotTask[] = [];
  private pendingRun: RunEventData | undefined;

  /** Apply one message of the stream; answers whether anything visible changed. */
  apply(event: string, data: unknown): boolean {
    if (typeof data !== 'object' || data === null) return false;
    switch (event) {
      case 'snapshot':
        return this.snapshot(data as SnapshotData);
      case 'run':
        this.run = { ...this.run, ...(data as RunEventData) };
        break;
      case 'task':
        this.task(data as TaskEventData);
        break;
      case 'attempt':
        this.attempt(data as AttemptEventData);
        break;
      case 'end':
        this.ended = true;
        if (this.run !== undefined)
          this.run = { ...this.run, state: String((data as { state?: unknown }).state ?? this.run.state) };
        break;
      default:
        return false;
    }
    this.version++;
    return true;
  }

  private snapshot(data: SnapshotData): boolean {
    if (data.part === 0) {
      this.parts = [];
      this.pendingRun = data.run;
    }
    if (Array.isArray(data.tasks)) this.parts.push(...data.tasks);
    if (!data.complete) return false;
    this.tasks.clear();
    for (const task of this.parts) if (typeof task?.path === 'string') this.tasks.set(task.path, { ...task });
    this.parts = [];
    if (this.pendingRun !== undefined) this.run = this.pendingRun;
    this.ready = true;
    this.version++;
    return true;
  }

  private task(data: TaskEventData): void {
    if (typeof data.path !== 'string') return;
    const known = this.tasks.get(data.path);
    const task: LiveTask = known ?? {
      task_id: data.task_id,
      path: data.path,
      parent_path: parentOfPath(data.path),
      name: nameOfPath(data.path),
      kind: data.kind,
      state: data.state,
      attempt: null,
      max_attempts: data.max_attempts ?? 1,
      start_time: null,
      end_time: null,
      error: null,
    };
    task.task_id = data.task_id ?? task.task_id;
    task.state = data.state ?? task.state;
    if (data.max_attempts !== undefined) task.max_attempts = data.max_attempts;
    if (data.start_time !== undefined) task.start_time = data.start_time;
    if (data.end_time !== undefined) task.end_time = data.end_time;
    if (data.error !== undefined) task.error = data.error;
    if (data.state === 'PENDING') {
      // A retried run resets the task: its times and error go.
      task.end_time = null;
      task.error = null;
    }
    this.tasks.set(data.path, task);
  }

  private attempt(data: AttemptEventData): void {
    if (typeof data.task_id !== 'string' || typeof data.number !== 'number') return;
    const byNumber = this.attempts.get(data.task_id) ?? new Map<number, AttemptEventData>();
    byNumber.set(data.number, { ...byNumber.get(data.number), ...data });
    this.attempts.set(data.task_id, byNumber);
    const task = this.tasks.get(data.path);
    if (task !== undefined && (task.attempt ?? 0) < data.number) task.attempt = data.number;
  }
}

/** `loop[3].train` → `loop[3]`; `loop[3]` → `loop`; `train` → null. */
export function parentOfPath(path: string): string | null {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  if (bracket > dot && path.endsWith(']')) return path.slice(0, bracket);
  return dot < 0 ? null : path.slice(0, dot);
}

/** The last part of a path: `loop[3].train` → `train`, `loop[3]` → `loop[3]`. */
export function nameOfPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(dot + 1);
}
