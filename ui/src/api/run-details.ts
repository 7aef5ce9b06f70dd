// The Skiff and KFP calls of a run's details page (docs/server.md), snake_case as sent.
import type { Attempt } from './skiff-types';

const enc = encodeURIComponent;

/** The storage a run used, as recorded when it started (`skiff_storage`, secrets left out). */
export interface RunStorageInfo {
  readonly pipelineRoot?: string;
  readonly pipelineRootSource?: string;
  readonly provider?: {
    readonly scheme?: string;
    readonly bucket?: string;
    readonly endpoint?: string;
    readonly region?: string;
    readonly credentials?: string;
    readonly source?: string;
    readonly fieldSources?: Readonly<Record<string, string>>;
  } | null;
}

/** `GET /apis/skiff/v1/runs/{id}`: the run (KFP JSON without task details) and its pipeline spec. */
export interface RunInfo {
  readonly run_id: string;
  readonly display_name?: string;
  readonly description?: string;
  readonly state?: string;
  readonly storage_state?: string;
  readonly created_at?: string;
  readonly started_at?: string | null;
  readonly finished_at?: string;
  readonly experiment_id?: string;
  readonly recurring_run_id?: string;
  readonly runtime_config?: {
    readonly parameters?: Readonly<Record<string, unknown>>;
    readonly pipeline_root?: string;
  };
  readonly pipeline_version_reference?: {
    readonly pipeline_id?: string;
    readonly pipeline_version_id?: string;
  };
  readonly error?: { readonly message?: string };
  readonly skiff_storage?: RunStorageInfo;
  readonly pipeline_spec?: unknown;
}

/** An artifact as a task's input or output value. */
export interface IoArtifact {
  readonly id?: string;
  readonly name?: string;
  readonly uri?: string;
  readonly schemaTitle?: string;
}

/** Parameters and artifacts of a task. */
export interface IoValues {
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly artifacts?: Readonly<Record<string, readonly IoArtifact[]>>;
}

/** `GET /apis/skiff/v1/runs/{id}/tasks/{task}`: one task with its inputs and outputs. */
export interface TaskDetail {
  readonly task_id: string;
  readonly path: string;
  readonly name: string;
  readonly kind: string;
  readonly state: string;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly max_attempts: number;
  readonly error: string | null;
  readonly inputs: IoValues;
  readonly outputs: IoValues;
}

/** `GET /apis/skiff/v1/runs/{id}/tasks/{task}/attempts`. */
export interface AttemptsAnswer {
  readonly task_id: string;
  readonly task_path: string;
  readonly max_attempts: number;
  readonly attempts: readonly Attempt[];
}

export const runInfoPath = (runId: string) => `/apis/skiff/v1/runs/${enc(runId)}`;
export const taskDetailPath = (runId: string, taskId: string) =>
  `/apis/skiff/v1/runs/${enc(runId)}/tasks/${enc(taskId)}`;
export const attemptsPath = (runId: string, taskId: string) => `${taskDetailPath(runId, taskId)}/attempts`;
export const runArtifactsPath = (runId: string) => `/apis/skiff/v1/runs/${enc(runId)}/artifacts`;

/** The KFP custom methods a run page offers. */
export type RunAction = 'retry' | 'terminate' | 'archive' | 'unarchive';
export const runActionPath = (runId: string, action: RunAction) =>
  `/apis/v2beta1/runs/${enc(runId)}:${action}`;
export const runPath = (runId: string) => `/apis/v2beta1/runs/${enc(runId)}`;
