import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { SqlDialectName } from './sql-dialect.js';

type Table<N extends string> = CreateTableBuilder<N, never>;

/** Adds `seq`, a database-assigned insertion-order primary key, declared the way each dialect wants. */
function withSeq<N extends string>(table: Table<N>, dialect: SqlDialectName): Table<N> {
  const column = (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey();
  // SQLite: INTEGER PRIMARY KEY is the rowid, increasing as rows are inserted.
  return table.addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', column) as Table<N>;
}

/** The first schema: runs, tasks, attempts, artifacts, artifact_events, cache_entries and their indexes. */
export function initialMigration(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pipeline_name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('spec_text', 'text', (c) => c.notNull())
        .addColumn('arguments', 'text', (c) => c.notNull())
        .addColumn('pipeline_root', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('started_at_ms', 'bigint')
        .addColumn('finished_at_ms', 'bigint')
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('outputs', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('runs_created_at_ms').on('runs').column('created_at_ms').execute();
      await db.schema.createIndex('runs_state').on('runs').column('state').execute();

      await withSeq(db.schema.createTable('tasks'), dialect)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('parent_path', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('started_at_ms', 'bigint')
        .addColumn('finished_at_ms', 'bigint')
        .addColumn('inputs', 'text')
        .addColumn('outputs', 'text')
        .addColumn('cache_key', 'text')
        .addColumn('cached_from', 'text')
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addUniqueConstraint('tasks_run_id_path', ['run_id', 'path'])
        .execute();

      await db.schema
        .createTable('attempts')
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('finished_at_ms', 'bigint')
        .addColumn('exit_code', 'integer')
        .addColumn('failure_kind', 'text')
        .addColumn('message', 'text')
        .addColumn('log_uri', 'text')
        .addColumn('next_retry_at_ms', 'bigint')
        .addPrimaryKeyConstraint('attempts_pk', ['task_id', 'number'])
        .execute();
      await db.schema.createIndex('attempts_run_id').on('attempts').column('run_id').execute();

      await db.schema
        .createTable('artifacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('producer_task_id', 'text', (c) => c.references('tasks.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('schema_title', 'text', (c) => c.notNull())
        .addColumn('schema_version', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('artifacts_run_id').on('artifacts').column('run_id').execute();

      await withSeq(db.schema.createTable('artifact_events'), dialect)
        .addColumn('artifact_id', 'text', (c) => c.notNull().references('artifacts.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        // Leads with task_id, so it also serves as the artifact_events(task_id) index.
        .addUniqueConstraint('artifact_events_task_id_event', ['task_id', 'artifact_id', 'type', 'name'])
        .execute();
      await db.schema
        .createIndex('artifact_events_artifact_id')
        .on('artifact_events')
        .column('artifact_id')
        .execute();

      await db.schema
        .createTable('cache_entries')
        .addColumn('pipeline_name', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('outputs', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('cache_entries_pk', ['pipeline_name', 'key'])
        .execute();
    },
  };
}
