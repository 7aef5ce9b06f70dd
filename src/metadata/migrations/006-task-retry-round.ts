import type { Kysely, Migration } from 'kysely';

/**
 * Adds `retry_round` to tasks and attempts: which retry of the run a task's current try, and each
 * attempt, belong to (0: the run's first execution). A run retry keeps every row and moves the
 * tasks it resets to a new round, so their retry budget starts afresh while attempt numbers go on.
 */
export function taskRetryRoundMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['tasks', 'attempts']) {
        await db.schema
          .alterTable(table)
          .addColumn('retry_round', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
    },
  };
}
