import type { Kysely, Migration } from 'kysely';

/**
 * Adds the KFP API fields of runs: experiment, description, storage state (AVAILABLE/ARCHIVED),
 * the pipeline version a run came from, the recurring run that made it; and an index to list runs
 * of an experiment by creation time.
 */
export function runApiFieldsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const nullable = async (column: string) =>
        db.schema.alterTable('runs').addColumn(column, 'text').execute();
      const withDefault = async (column: string, value: string) =>
        db.schema
          .alterTable('runs')
          .addColumn(column, 'text', (c) => c.notNull().defaultTo(value))
          .execute();
      await nullable('experiment_id');
      await withDefault('description', '');
      await withDefault('storage_state', 'AVAILABLE');
      await nullable('pipeline_id');
      await nullable('pipeline_version_id');
      await nullable('recurring_run_id');
      await db.schema
        .createIndex('runs_experiment_created')
        .on('runs')
        .columns(['experiment_id', 'created_at_ms'])
        .execute();
    },
  };
}
