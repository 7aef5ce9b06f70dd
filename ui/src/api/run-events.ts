// The payloads of the Skiff API's server-sent events (docs/server.md, "Live events"), snake_case
// as sent. Fields left out of an event did not change or are unknown.

export type TaskKind = 'container' | 'importer' | 'dag' | 'loop' | 'iteration';

export interface RunEventData {
  readonly run_id: string;
  readonly state: string;
  readonly display_name?: string;
  readonly created_at?: string;
  readonly start_time?: string | null;
  readonly end_time?: string | null;
  readonly error?: string | null;
}

export interface SnapshotTask {
  readonly task_id: string;
  readonly path: string;
  readonly parent_path: string | null;
  readonly name: string;
  readonly kind: TaskKind;
  readonly state: string;
  readonly attempt: number | null;
  readonly max_attempts: number;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly error: string | null;
}

export interface SnapshotData {
  readonly part: number;
  readonly complete: boolean;
  readonly run?: RunEventData;
  readonly tasks: readonly SnapshotTask[];
}

export interface TaskEventData {
  readonly task_id: string;
  readonly path: string;
  readonly kind: TaskKind;
  readonly state: string;
  readonly max_attempts?: number;
  readonly start_time?: string | null;
  readonly end_time?: string | null;
  readonly error?: string | null;
}

export interface AttemptEventData {
  readonly task_id: string;
  readonly path: string;
  readonly number: number;
  readonly max_attempts?: number;
  readonly state: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  readonly start_time?: string | null;
  readonly end_time?: string | null;
  readonly exit_code?: number | null;
  readonly failure_kind?: 'USER' | 'SYSTEM' | 'TIMEOUT' | 'CANCELED' | null;
  readonly message?: string | null;
  readonly next_retry_time?: string | null;
}

/** Paths of the two event streams. */
export const runEventsPath = (runId: string) => `/apis/skiff/v1/runs/${encodeURIComponent(runId)}/events`;
export const RUNS_EVENTS_PATH = '/apis/skiff/v1/events/runs';
