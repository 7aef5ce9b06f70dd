import type { FailureKind } from '../errors/index.js';
import type { JsonValue } from '../ir/types.js';

/** Run states (DESIGN.md "Runs, tasks, attempts"). */
export type RunState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELING' | 'CANCELED';
/** Task states. */
export type TaskState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CACHED' | 'CANCELED';
/** Attempt states. */
export type AttemptState = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
/** What a task row stands for. */
export type TaskKind = 'container' | 'importer' | 'dag' | 'loop' | 'iteration';

/** Final run states. */
export const FINAL_RUN_STATES: ReadonlySet<RunState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);
/** Final task states. */
export const FINAL_TASK_STATES: ReadonlySet<TaskState> = new Set([
  'SUCCEEDED',
  'FAILED',
  'SKIPPED',
  'CACHED',
  'CANCELED',
]);

/** An artifact as passed between tasks. */
export interface ArtifactValue {
  /** Metadata-store id of the artifact. */
  readonly id: string;
  readonly name: string;
  readonly uri: string;
  readonly schemaTitle: string;
  readonly schemaVersion: string;
  readonly metadata: Readonly<Record<string, JsonValue>>;
}

/** Parameters and artifacts (artifact outputs are lists: one item, or many for lists/Collected). */
export interface IoValues {
  readonly parameters: Readonly<Record<string, JsonValue>>;
  readonly artifacts: Readonly<Record<string, readonly ArtifactValue[]>>;
}

/** A run as stored. Times are epoch milliseconds. */
export interface RunRecord {
  readonly id: string;
  readonly pipelineName: string;
  readonly displayName: string;
  /** The pipeline spec text as submitted (YAML or JSON). */
  readonly specText: string;
  readonly arguments: Readonly<Record<string, JsonValue>>;
  readonly pipelineRoot: string;
  readonly state: RunState;
  readonly createdAtMs: number;
  /**
   * When the run was scheduled to start (KFP's `scheduled_at`): its trigger's time for a run a
   * recurring run made (a catch-up run made at 10:03 for 10:00 says 10:00), else `createdAtMs`.
   */
  readonly scheduledAtMs: number;
  readonly startedAtMs: number | null;
  readonly finishedAtMs: number | null;
  /** Run options: `{ cache: boolean, ... }`. */
  readonly options: Readonly<Record<string, JsonValue>>;
  readonly outputs: IoValues | null;
  readonly error: string | null;
  /** The storage the run resolved when it started (null until then, and for runs stored before it was recorded). */
  readonly storage: RunStorage | null;
  /** API fields (KFP v2beta1): experiment, description, archive state, pipeline version, recurring run. */
  readonly experimentId: string | null;
  readonly description: string;
  readonly storageState: RunStorageState;
  /** The pipeline version the run was created from; null for an inline spec. */
  readonly pipelineVersion: { readonly pipelineId: string; readonly pipelineVersionId: string } | null;
  /** The recurring run that created it, if any. */
  readonly recurringRunId: string | null;
}

/** What a run's live event carries: no spec, arguments or outputs (cheap to read often). */
export type RunStateRecord = Pick<
  RunRecord,
  'id' | 'displayName' | 'state' | 'createdAtMs' | 'startedAtMs' | 'finishedAtMs' | 'error'
>;

/** The names of what a run refers to, for lists (display names); null when it has no such reference or it is gone. */
export interface RunLabels {
  readonly pipelineName: string | null;
  readonly pipelineVersionName: string | null;
  readonly experimentName: string | null;
  readonly recurringRunName: string | null;
}

/** Fields API lists of runs filter and sort by. */
export type RunField =
  | 'id'
  | 'displayName'
  | 'state'
  | 'storageState'
  | 'experimentId'
  | 'pipelineId'
  | 'pipelineVersionId'
  | 'recurringRunId'
  | 'createdAtMs'
  | 'finishedAtMs';

/** Whether a run (or experiment) is listed normally or archived (KFP's storage_state). */
export type RunStorageState = 'AVAILABLE' | 'ARCHIVED';

/**
 * Which storage a run used, with the source of each value, recorded when it starts so users can
 * confirm the endpoint without reading component logs. Never holds secrets.
 */
export interface RunStorage {
  readonly pipelineRoot: string;
  /** Where the pipeline root came from: `flag:--pipeline-root`, `env:SKIFF_PIPELINE_ROOT`, `run:<id>`, ... */
  readonly pipelineRootSource: string;
  /** The provider serving the root; null for `file://` roots (local files). */
  readonly provider: RunStorageProvider | null;
}

/** The storage provider a run used, as resolved (secrets left out). */
export interface RunStorageProvider {
  readonly scheme: string;
  readonly bucket: string;
  /** Normalised endpoint URL (`http://minio.example:9000`), or AWS's regional endpoint. */
  readonly endpoint: string;
  readonly secure: boolean;
  readonly forcePathStyle: boolean;
  readonly region: string;
  /** How credentials are given: `keys`, `file`, `default-chain`. */
  readonly credentials: string;
  /** Where the provider was defined. */
  readonly source: string;
  /** Source of each field, e.g. `{ endpoint: 'env:MINIO_HOST+MINIO_PORT' }`. */
  readonly fieldSources: Readonly<Record<string, string>>;
}

/** A task (or DAG, loop, iteration) of a run. */
export interface TaskRecord {
  readonly id: string;
  readonly runId: string;
  /** Path of task names joined with `.`, iterations as `[i]`: `for-loop-2[1].print-op`. Unique per run. */
  readonly path: string;
  readonly parentPath: string | null;
  readonly name: string;
  readonly kind: TaskKind;
  readonly state: TaskState;
  readonly createdAtMs: number;
  readonly startedAtMs: number | null;
  readonly finishedAtMs: number | null;
  readonly inputs: IoValues | null;
  readonly outputs: IoValues | null;
  readonly cacheKey: string | null;
  /** Task id whose outputs a CACHED task reused. */
  readonly cachedFrom: string | null;
  readonly maxAttempts: number;
  readonly error: string | null;
  /**
   * Which retry of the run the task's current try belongs to: 0 for the run's first execution, n
   * after its n-th retry. Only attempts of this round count against the task's retry policy.
   */
  readonly retryRound: number;
}

/** One try of a container task. */
export interface AttemptRecord {
  readonly taskId: string;
  readonly runId: string;
  /** 1-based, counting on across run retries (a task's earlier attempts keep theirs). */
  readonly number: number;
  readonly state: AttemptState;
  readonly startedAtMs: number;
  readonly finishedAtMs: number | null;
  readonly exitCode: number | null;
  readonly failureKind: FailureKind | null;
  readonly message: string | null;
  /** Where the attempt's log is: a local file while running, the pipeline-root URI after. */
  readonly logUri: string | null;
  /** When the next attempt starts, if one is scheduled. */
  readonly nextRetryAtMs: number | null;
  /** Which retry of the run the attempt belongs to: 0 for the run's first execution, n after its n-th retry. */
  readonly retryRound: number;
  /** What the attempt ran on when that differs from its spec (e.g. the local Python used for image `python:3.7`). */
  readonly note?: string;
}

/** An artifact row (lineage lives in events). */
export interface ArtifactRecord extends ArtifactValue {
  readonly runId: string;
  /** The task that produced it (null for imported artifacts without a producer). */
  readonly producerTaskId: string | null;
  readonly createdAtMs: number;
}

/** The artifacts of a run with their lineage: the run's own artifacts and those its tasks read or wrote, and every event of either. */
export interface RunLineage {
  /** In creation order (then id). */
  readonly artifacts: readonly ArtifactRecord[];
  /** In the order they were recorded. */
  readonly events: readonly ArtifactEvent[];
}

/** A lineage event: a task read or wrote an artifact. */
export interface ArtifactEvent {
  readonly artifactId: string;
  readonly taskId: string;
  readonly type: 'INPUT' | 'OUTPUT';
  /** The input or output name on the task. */
  readonly name: string;
}

/** A cache entry: outputs of a succeeded task, keyed by cache key within a pipeline. */
export interface CacheEntry {
  readonly pipelineName: string;
  readonly key: string;
  readonly taskId: string;
  readonly runId: string;
  readonly outputs: IoValues;
  readonly createdAtMs: number;
}
