import type { ExperimentStore, PipelineStore, PipelineVersionStore } from './catalog-store.js';
import type { ListPage, ListQuery } from './list-query.js';
import type {
  ArtifactEvent,
  ArtifactRecord,
  AttemptRecord,
  CacheEntry,
  RunField,
  RunLabels,
  RunLineage,
  RunRecord,
  RunState,
  RunStateRecord,
  TaskRecord,
} from './records.js';
import type { RecurringRunField, RecurringRunRecord, RecurringRunStatus } from './recurring-run-record.js';

/** Fields of a run that change after creation. */
export type RunPatch = Partial<
  Pick<
    RunRecord,
    | 'state'
    | 'startedAtMs'
    | 'finishedAtMs'
    | 'outputs'
    | 'error'
    | 'pipelineRoot'
    | 'storage'
    | 'storageState'
    | 'experimentId'
  >
>;
/** Fields of a task that change after creation. */
export type TaskPatch = Partial<
  Pick<
    TaskRecord,
    | 'state'
    | 'startedAtMs'
    | 'finishedAtMs'
    | 'inputs'
    | 'outputs'
    | 'cacheKey'
    | 'cachedFrom'
    | 'error'
    | 'maxAttempts'
  >
>;
/** Fields of an attempt that change after creation. */
export type AttemptPatch = Partial<
  Pick<
    AttemptRecord,
    'state' | 'finishedAtMs' | 'exitCode' | 'failureKind' | 'message' | 'logUri' | 'nextRetryAtMs' | 'note'
  >
>;

/** Filter and page for listing runs, newest first. */
export interface RunQuery {
  readonly states?: readonly RunState[];
  readonly limit?: number;
  readonly offset?: number;
}

/** Runs. */
export interface RunStore {
  create(run: RunRecord): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  update(id: string, patch: RunPatch): Promise<void>;
  list(query?: RunQuery): Promise<RunRecord[]>;
  /** Runs in PENDING, RUNNING or CANCELING. */
  listUnfinished(): Promise<RunRecord[]>;
  /** The states (and names, times, errors) of these runs; unknown ids are left out. */
  listStates(ids: readonly string[]): Promise<RunStateRecord[]>;
  /** The states of every unfinished run and of the `newest` most recently created runs, newest first. */
  listRecentStates(newest: number): Promise<RunStateRecord[]>;
  /** One page of runs matching an API list query (filter, sort, keyset page), with the total count. */
  listPage(query: ListQuery<RunField>): Promise<ListPage<RunRecord>>;
  /** Pipeline, version, experiment and recurring-run names of these runs, in one query; runs not found are absent. */
  listLabels(runIds: readonly string[]): Promise<Map<string, RunLabels>>;
  /** Delete a run with its tasks, attempts, artifacts and lineage; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** Tasks of runs. */
export interface TaskStore {
  create(task: TaskRecord): Promise<void>;
  /**
   * Create a task with its first attempt (`attempt.taskId` is `task.id`) in one transaction: both
   * rows are written, or neither (a conflict on either refuses both with SKIFF_METADATA_CONFLICT).
   */
  createWithAttempt(task: TaskRecord, attempt: AttemptRecord): Promise<void>;
  update(id: string, patch: TaskPatch): Promise<void>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Tasks of a run, in creation order. */
  listByRun(runId: string): Promise<TaskRecord[]>;
  /**
   * For a run retry (KFP/Argo semantics): every task that did not end SUCCEEDED or CACHED, and is
   * not inside one that did, goes back to PENDING in a new retry round with its inputs, outputs,
   * error and cache fields cleared, so the run executes it again; its attempts are kept. Resolves
   * to how many tasks were reset.
   */
  resetUnsucceeded(runId: string): Promise<number>;
}

/** Attempts of container tasks. */
export interface AttemptStore {
  create(attempt: AttemptRecord): Promise<void>;
  update(taskId: string, number: number, patch: AttemptPatch): Promise<void>;
  listByTask(taskId: string): Promise<AttemptRecord[]>;
  listByRun(runId: string): Promise<AttemptRecord[]>;
}

/** Artifacts and lineage. */
export interface ArtifactStore {
  create(artifact: ArtifactRecord): Promise<void>;
  get(id: string): Promise<ArtifactRecord | undefined>;
  listByRun(runId: string): Promise<ArtifactRecord[]>;
  addEvents(events: readonly ArtifactEvent[]): Promise<void>;
  listEvents(taskId: string): Promise<ArtifactEvent[]>;
  /** Artifacts of these runs with this schema title (e.g. `system.Metrics`), in one query, by run then creation order. */
  listByRunsOfType(runIds: readonly string[], schemaTitle: string): Promise<ArtifactRecord[]>;
  /** Every artifact of a run and every lineage event touching it or its tasks (two queries). */
  listLineageOfRun(runId: string): Promise<RunLineage>;
}

/** Cache entries. */
export interface CacheStore {
  get(pipelineName: string, key: string): Promise<CacheEntry | undefined>;
  put(entry: CacheEntry): Promise<void>;
}

/** Fields of a recurring run that change after creation. */
export type RecurringRunPatch = Partial<
  Pick<RecurringRunRecord, 'status' | 'updatedAtMs' | 'lastScheduledAtMs' | 'error'>
>;

/** Filter for listing recurring runs, newest first (API lists page with `listPage`). */
export interface RecurringRunQuery {
  readonly experimentId?: string;
  readonly status?: RecurringRunStatus;
}

/** Recurring runs (KFP's recurring runs, a.k.a. jobs) and the runs they created. */
export interface RecurringRunStore {
  create(recurringRun: RecurringRunRecord): Promise<void>;
  get(id: string): Promise<RecurringRunRecord | undefined>;
  update(id: string, patch: RecurringRunPatch): Promise<void>;
  /** Every recurring run matching the filter, newest first (by creation time). */
  list(query?: RecurringRunQuery): Promise<RecurringRunRecord[]>;
  /** One page of recurring runs matching an API list query (filter, sort, keyset page), with the total count. */
  listPage(query: ListQuery<RecurringRunField>): Promise<ListPage<RecurringRunRecord>>;
  /** How many recurring runs match the filter. */
  count(query?: RecurringRunQuery): Promise<number>;
  /** Delete a recurring run (the runs it created stay); false when there was none. */
  delete(id: string): Promise<boolean>;
  /** How many runs this recurring run created, optionally only those in `states` or with `displayName`. */
  countRuns(
    id: string,
    filter?: { readonly states?: readonly RunState[]; readonly displayName?: string },
  ): Promise<number>;
}

/** Secrets a server generates once and keeps in the database, so they outlive restarts. */
export interface ServerSecretStore {
  /** The secret called `name`, made by `make` and stored (at `nowMs`) the first time it is asked for. */
  getOrCreate(name: string, make: () => string, nowMs: number): Promise<string>;
}

/** One request for a server lease: who asks, described for people, and for how long. */
export interface LeaseRequest {
  readonly name: string;
  /** A random id of the asking process (renewals use the same). */
  readonly owner: string;
  /** Who asks, for people: host, pid, URL. */
  readonly holder: string;
  readonly nowMs: number;
  readonly ttlMs: number;
}

/** The answer to a lease request: held until `expiresAtMs`, by the asker or by someone else. */
export type LeaseState =
  | { readonly acquired: true; readonly expiresAtMs: number }
  | { readonly acquired: false; readonly holder: string; readonly expiresAtMs: number };

/** Named leases: at most one holder at a time, taken over only once the holder stops renewing. */
export interface ServerLeaseStore {
  /** Take the lease, or renew it for its owner; another owner's unexpired lease is not touched. */
  acquire(request: LeaseRequest): Promise<LeaseState>;
  /** Give the lease up now (no-op unless `owner` holds it). */
  release(name: string, owner: string): Promise<void>;
}

/** The metadata store port: every transition is written here before anything acts on it. */
export interface MetadataStore {
  readonly runs: RunStore;
  readonly tasks: TaskStore;
  readonly attempts: AttemptStore;
  readonly artifacts: ArtifactStore;
  readonly cache: CacheStore;
  readonly pipelines: PipelineStore;
  readonly pipelineVersions: PipelineVersionStore;
  readonly experiments: ExperimentStore;
  readonly recurringRuns: RecurringRunStore;
  readonly serverSecrets: ServerSecretStore;
  readonly serverLeases: ServerLeaseStore;
  close(): Promise<void>;
}
