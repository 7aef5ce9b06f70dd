import type { Kysely } from 'kysely';
import type { ServerLeaseStore } from './metadata-store.js';
import type { Database } from './schema.js';

/**
 * Server leases over a Kysely database. Taking a lease is one conditional UPDATE (owner matches or
 * the lease expired), so two servers racing for it cannot both win, on SQLite or PostgreSQL.
 */
export function createServerLeaseStore(db: Kysely<Database>): ServerLeaseStore {
  return {
    async acquire({ name, owner, holder, nowMs, ttlMs }) {
      const expiresAtMs = nowMs + ttlMs;
      // A first lease row is created expired, so the UPDATE below decides who holds it.
      await db
        .insertInto('server_leases')
        .values({ name, owner, holder, expires_at_ms: nowMs })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      const taken = await db
        .updateTable('server_leases')
        .set({ owner, holder, expires_at_ms: expiresAtMs })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('owner', '=', owner), eb('expires_at_ms', '<=', nowMs)]))
        .executeTakeFirst();
      if (taken.numUpdatedRows > 0n) return { acquired: true, expiresAtMs };
      const row = await db
        .selectFrom('server_leases')
        .select(['holder', 'expires_at_ms'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return { acquired: false, holder: row.holder, expiresAtMs: Number(row.expires_at_ms) };
    },

    async release(name, owner) {
      await db.deleteFrom('server_leases').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}
