import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Adds `runs.scheduled_at_ms` (a run's trigger time; existing runs get their creation time, as KFP
 * gives a run made by hand) and the indexes API lists of recurring runs page through: keyset pages
 * on (sort field, id), after an optional status or experiment filter.
 */
export function recurringRunListsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('runs').addColumn('scheduled_at_ms', 'bigint').execute();
      await sql`update runs set scheduled_at_ms = created_at_ms`.execute(db);
      for (const [name, columns] of [
        ['recurring_runs_status_created_id', ['status', 'created_at_ms', 'id']],
        ['recurring_runs_experiment_created_id', ['experiment_id', 'created_at_ms', 'id']],
        ['recurring_runs_display_name_id', ['display_name', 'id']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('recurring_runs')
          .columns([...columns])
          .execute();
      }
      // Superseded by the index above, which also breaks ties by id.
      await db.schema.dropIndex('recurring_runs_experiment_created').execute();
    },
  };
}
