export { createKyselyMetadataStore } from './kysely-metadata-store.js';
export type {
  ArtifactStore,
  AttemptPatch,
  AttemptStore,
  CacheStore,
  MetadataStore,
  RecurringRunPatch,
  RecurringRunQuery,
  RecurringRunStore,
  RunPatch,
  RunQuery,
  RunStore,
  TaskPatch,
  TaskStore,
} from './metadata-store.js';
export { migrateToLatest } from './migrations/migrate.js';
export type { SqlDialectName } from './migrations/sql-dialect.js';
export { openMetadataStore } from './open-metadata-store.js';
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
  type RunRecord,
  type RunState,
  type RunStorage,
  type RunStorageProvider,
  type RunStorageState,
  type TaskKind,
  type TaskRecord,
  type TaskState,
} from './records.js';
export type {
  RecurringRunRecord,
  RecurringRunStatus,
  RecurringTrigger,
} from './recurring-run-record.js';
export type { Database } from './schema.js';
export { openSqliteMetadataStore, SQLITE_BUSY_TIMEOUT_MS } from './sqlite/open-sqlite.js';
export { parseSqliteUrl, type SqliteLocation } from './sqlite/sqlite-url.js';
