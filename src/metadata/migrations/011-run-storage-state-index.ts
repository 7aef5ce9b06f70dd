import type { Kysely, Migration } from 'kysely';

/**
 * Indexes runs by (storage_state, created_at_ms, id): a runs list as a UI asks for it (available
 * or archived runs, newest first) pages on this index and counts `total_size` from it alone,
 * without reading the rows (whose spec text can make a full scan slow on SQLite).
 */
export function runStorageStateIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('runs_storage_state_created_id')
        .on('runs')
        .columns(['storage_state', 'created_at_ms', 'id'])
        .execute();
    },
  };
}
