import type { Kysely } from 'kysely';
import type { ServerSecretStore } from './metadata-store.js';
import type { Database } from './schema.js';

/** Server secrets over a Kysely database: the first writer of a name wins, every caller reads its value. */
export function createServerSecretStore(db: Kysely<Database>): ServerSecretStore {
  return {
    async getOrCreate(name, make, nowMs) {
      // Insert-if-absent, then read: two servers starting together agree on one value.
      await db
        .insertInto('server_secrets')
        .values({ name, value: make(), created_at_ms: nowMs })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      const row = await db
        .selectFrom('server_secrets')
        .select('value')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
