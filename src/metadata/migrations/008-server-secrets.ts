import type { Kysely, Migration } from 'kysely';

/**
 * Adds `server_secrets`: named secrets a server generates once and every later server (or
 * replica on the same database) reuses, such as the key that signs page tokens.
 */
export function serverSecretsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('server_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
