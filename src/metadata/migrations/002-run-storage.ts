import type { Kysely, Migration } from 'kysely';

/** Adds `runs.storage`: the storage a run resolved at start (RunStorage as JSON, no secrets). */
export function runStorageMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('runs').addColumn('storage', 'text').execute();
    },
  };
}
