import type { Kysely, Migration } from 'kysely';

/**
 * Adds `recurring_runs` (KFP recurring runs: spec, arguments, trigger as JSON, status, the latest
 * trigger handled) with indexes to list them by creation time, overall and per experiment; and an
 * index on runs to count a recurring run's unfinished runs (max_concurrency).
 */
export function recurringRunsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('recurring_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('experiment_id', 'text')
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('spec_text', 'text', (c) => c.notNull())
        .addColumn('pipeline_id', 'text')
        .addColumn('pipeline_version_id', 'text')
        .addColumn('parameters', 'text', (c) => c.notNull())
        .addColumn('pipeline_root', 'text')
        .addColumn('service_account', 'text', (c) => c.notNull())
        .addColumn('max_concurrency', 'integer', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('no_catchup', 'integer', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_scheduled_at_ms', 'bigint')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('recurring_runs_created')
        .on('recurring_runs')
        .columns(['created_at_ms', 'id'])
        .execute();
      await db.schema
        .createIndex('recurring_runs_experiment_created')
        .on('recurring_runs')
        .columns(['experiment_id', 'created_at_ms'])
        .execute();
      await db.schema
        .createIndex('runs_recurring_run_state')
        .on('runs')
        .columns(['recurring_run_id', 'state'])
        .execute();
    },
  };
}
