import type { Kysely, Migration } from 'kysely';

/**
 * Adds the KFP API fields of runs: experiment, description, storage state (AVAILABLE/ARCHIVED),
 * the pipeline version a run came from, the recurring run that made it; and the indexes API lists
 * of runs page through.
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
      // API lists sort by (created_at, id) — keyset pages — often after an equality filter.
      for (const [name, columns] of [
        ['runs_created_id', ['created_at_ms', 'id']],
        ['runs_state_created_id', ['state', 'created_at_ms', 'id']],
        ['runs_experiment_created_id', ['experiment_id', 'created_at_ms', 'id']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('runs')
          .columns([...columns])
          .execute();
      }
    },
  };
}
