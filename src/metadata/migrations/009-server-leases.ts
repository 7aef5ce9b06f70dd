import type { Kysely, Migration } from 'kysely';

/**
 * Adds `server_leases`: a named lease one server holds at a time (renewed while it runs), so two
 * servers on one database never both execute its runs.
 */
export function serverLeasesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('server_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
