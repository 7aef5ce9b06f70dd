export {
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  type ExperimentField,
  type ExperimentRecord,
  type ExperimentStorageState,
  type PipelineField,
  type PipelineRecord,
  type PipelineVersionField,
  type PipelineVersionRecord,
} from './catalog-records.js';
export type { ExperimentStore, PipelineStore, PipelineVersionStore } from './catalog-store.js';
export { EXPERIMENT_COLUMNS } from './experiment-store.js';
export { createKyselyMetadataStore } from './kysely-metadata-store.js';
export type {
  ListCursor,
  ListOperator,
  ListPage,
  ListPredicate,
  ListQuery,
  ListScalar,
} from './list-query.js';
export { afterCursorSql, type ListColumn, type ListColumns, listPage, predicateSql } from './list-sql.js';
export type {
  ArtifactStore,
  AttemptPatch,
  AttemptStore,
  CacheStore,
  LeaseRequest,
  LeaseState,
  MetadataStore,
  RecurringRunPatch,
  RecurringRunQuery,
  RecurringRunStore,
  RunPatch,
  RunQuery,
  RunStore,
  ServerLeaseStore,
  ServerSecretStore,
  TaskPatch,
  TaskStore,
} from './metadata-store.js';
export { migrateToLatest } from './migrations/migrate.js';
export type { SqlDialectName } from './migrations/sql-dialect.js';
export { openMetadataStore } from './open-metadata-store.js';
export { PIPELINE_COLUMNS } from './pipeline-store.js';
export { PIPELINE_VERSION_COLUMNS } from './pipeline-version-store.js';
// Not `./postgres/index.js`: the PostgreSQL driver is loaded on demand (openMetadataStore), so
// SQLite users never pay for it; import openPostgresMetadataStore from './postgres/index.js'.
export { maskPostgresUrl, type PostgresTarget, parsePostgresUrl } from './postgres/postgres-url.js';
export {
  type ArtifactEvent,
  type ArtifactRecord,
  type ArtifactValue,
  type AttemptRecord,
  type AttemptState,
  type CacheEntry,
  FINAL_RUN_STATES,
  FINAL_TASK_STATES,
  type IoValues,
  type RunField,
  type RunLabels,
  type RunLineage,
  type RunRecord,
  type RunState,
  type RunStateRecord,
  type RunStorage,
  type RunStorageProvider,
  type RunStorageState,
  type TaskKind,
  type TaskRecord,
  type TaskState,
} from './records.js';
export type {
  RecurringRunField,
  RecurringRunRecord,
  RecurringRunStatus,
  RecurringTrigger,
} from './recurring-run-record.js';
export type { Database } from './schema.js';
export { openSqliteMetadataStore, SQLITE_BUSY_TIMEOUT_MS } from './sqlite/open-sqlite.js';
export { parseSqliteUrl, type SqliteLocation } from './sqlite/sqlite-url.js';
