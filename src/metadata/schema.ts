import type { ColumnType, Generated } from 'kysely';

/** Epoch milliseconds in a BIGINT column: read as a number (PostgreSQL too, see open-postgres.ts), a string tolerated (see `fromEpochMs`). */
export type EpochMsColumn = ColumnType<number | string, number, number>;
/** A nullable epoch-milliseconds BIGINT column. */
export type NullableEpochMsColumn = ColumnType<number | string | null, number | null, number | null>;
/** An insertion-order key the database assigns (INTEGER PRIMARY KEY / identity). */
export type SeqColumn = Generated<number | string>;

/** `runs`: one row per run. JSON columns hold TEXT. */
export interface RunsTable {
  id: string;
  pipeline_name: string;
  display_name: string;
  spec_text: string;
  arguments: string;
  pipeline_root: string;
  state: string;
  created_at_ms: EpochMsColumn;
  started_at_ms: NullableEpochMsColumn;
  finished_at_ms: NullableEpochMsColumn;
  options: string;
  outputs: string | null;
  error: string | null;
  /** RunStorage as JSON (migration 002). */
  storage: string | null;
  /** Migration 004: API fields. */
  experiment_id: string | null;
  description: string;
  storage_state: string;
  pipeline_id: string | null;
  pipeline_version_id: string | null;
  recurring_run_id: string | null;
  /** Migration 007: when the run was scheduled to start; null only for rows the migration missed. */
  scheduled_at_ms: NullableEpochMsColumn;
}

/** `tasks`: tasks, DAGs, loops and iterations of runs; `seq` keeps creation order. */
export interface TasksTable {
  seq: SeqColumn;
  id: string;
  run_id: string;
  path: string;
  parent_path: string | null;
  name: string;
  kind: string;
  state: string;
  created_at_ms: EpochMsColumn;
  started_at_ms: NullableEpochMsColumn;
  finished_at_ms: NullableEpochMsColumn;
  inputs: string | null;
  outputs: string | null;
  cache_key: string | null;
  cached_from: string | null;
  max_attempts: number;
  error: string | null;
  /** Migration 006: the run retry the task's current try belongs to (0: the first execution). */
  retry_round: number;
}

/** `attempts`: tries of container tasks, keyed by (task_id, number). */
export interface AttemptsTable {
  task_id: string;
  run_id: string;
  number: number;
  state: string;
  started_at_ms: EpochMsColumn;
  finished_at_ms: NullableEpochMsColumn;
  exit_code: number | null;
  failure_kind: string | null;
  message: string | null;
  log_uri: string | null;
  next_retry_at_ms: NullableEpochMsColumn;
  /** Migration 006: the run retry the attempt belongs to (0: the first execution). */
  retry_round: number;
  /** Migration 010: what the attempt ran on when it differs from its spec (e.g. the Python for an image). */
  note: string | null;
}

/** `artifacts`: artifacts of runs; `metadata` is JSON TEXT. */
export interface ArtifactsTable {
  id: string;
  run_id: string;
  producer_task_id: string | null;
  name: string;
  uri: string;
  schema_title: string;
  schema_version: string;
  metadata: string;
  created_at_ms: EpochMsColumn;
}

/** `artifact_events`: lineage, one row per (task, artifact, direction, name); `seq` keeps insertion order. */
export interface ArtifactEventsTable {
  seq: SeqColumn;
  artifact_id: string;
  task_id: string;
  type: string;
  name: string;
}

/** `cache_entries`: outputs of succeeded tasks keyed by (pipeline_name, key). */
export interface CacheEntriesTable {
  pipeline_name: string;
  key: string;
  task_id: string;
  run_id: string;
  outputs: string;
  created_at_ms: EpochMsColumn;
}

/** `pipelines` (migration 003): (namespace, name) is unique. */
export interface PipelinesTable {
  id: string;
  name: string;
  display_name: string;
  description: string;
  namespace: string;
  created_at_ms: EpochMsColumn;
}

/** `pipeline_versions` (migration 003): (pipeline_id, name) is unique; `spec_text` as submitted. */
export interface PipelineVersionsTable {
  id: string;
  pipeline_id: string;
  name: string;
  display_name: string;
  description: string;
  spec_text: string;
  created_at_ms: EpochMsColumn;
}

/** `experiments` (migration 003): (namespace, display_name) is unique. */
export interface ExperimentsTable {
  id: string;
  display_name: string;
  description: string;
  namespace: string;
  storage_state: string;
  created_at_ms: EpochMsColumn;
  last_run_created_at_ms: NullableEpochMsColumn;
}

/** `recurring_runs` (migration 005): one row per recurring run; `trigger` and `parameters` are JSON TEXT. */
export interface RecurringRunsTable {
  id: string;
  display_name: string;
  description: string;
  experiment_id: string | null;
  namespace: string;
  spec_text: string;
  pipeline_id: string | null;
  pipeline_version_id: string | null;
  parameters: string;
  pipeline_root: string | null;
  service_account: string;
  max_concurrency: number;
  trigger: string;
  status: string;
  /** 0 or 1 (portable across SQLite and PostgreSQL). */
  no_catchup: number;
  created_at_ms: EpochMsColumn;
  updated_at_ms: EpochMsColumn;
  last_scheduled_at_ms: NullableEpochMsColumn;
  error: string | null;
}

/** `server_secrets`: secrets generated once per database (page-token signing key). */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at_ms: EpochMsColumn;
}

/** `server_leases`: which server holds a lease, and until when. */
export interface ServerLeasesTable {
  name: string;
  /** A random id of the holding server process. */
  owner: string;
  /** Who holds it, for people: host, pid, URL. */
  holder: string;
  expires_at_ms: EpochMsColumn;
}

/** The Kysely database type of the metadata store. */
export interface Database {
  runs: RunsTable;
  tasks: TasksTable;
  attempts: AttemptsTable;
  artifacts: ArtifactsTable;
  artifact_events: ArtifactEventsTable;
  cache_entries: CacheEntriesTable;
  pipelines: PipelinesTable;
  pipeline_versions: PipelineVersionsTable;
  experiments: ExperimentsTable;
  recurring_runs: RecurringRunsTable;
  server_secrets: ServerSecretsTable;
  server_leases: ServerLeasesTable;
}
