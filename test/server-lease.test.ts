import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../src/metadata/index.js';
import { runCli } from './support/cli.js';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { leaseAsKilledServer, startTestServer, type TestServer } from './support/server.js';

// One server per metadata store: a second server on the same store would execute the same runs.
const TTL_MS = 1500;

await onEachMetadataStore('one server per metadata store', 'lease', leaseSuite);

function leaseSuite(store: string, storeEnv: StoreEnv): void {
  describe(`one server per metadata store (${store})`, () => {
    const servers: TestServer[] = [];
    afterAll(async () => {
      for (const server of servers) await server.close().catch(() => undefined);
    });
    /** Env and home for servers sharing one store (SQLite lives in the home; PostgreSQL in its URL). */
    async function shared(): Promise<{ env: Record<string, string>; home: string; url: string }> {
      const env = await storeEnv();
      const home = mkdtempSync(join(tmpdir(), 'skiff-lease-'));
      return { env, home, url: env.SKIFF_METADATA_URL ?? `sqlite://${join(home, 'skiff.db')}` };
    }
    const start = async (env: Record<string, string>, home: string) => {
      const server = await startTestServer(env, { home, leaseTtlMs: TTL_MS, shutdownGraceMs: 100 });
      servers.push(server);
      return server;
    };

    it('refuses a second server on a store a live server holds, naming that server; starts once it stopped', async () => {
      const { env, home } = await shared();
      const first = await start(env, home);
      const refused = await start(env, home).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: 'SKIFF_SERVER_DB_IN_USE' });
      expect(String((refused as Error).message)).toContain(first.url);
      expect((await first.request('/apis/v2beta1/healthz')).status).toBe(200);

      await first.close();
      const startedAt = Date.now();
      const next = await start(env, home);
      // A released lease is free at once: no wait for its expiry.
      expect(Date.now() - startedAt).toBeLessThan(TTL_MS);
      expect((await next.request('/apis/v2beta1/healthz')).status).toBe(200);
    });

    it('refuses `skiff resume` while a server holds the store (the server resumes runs itself)', async () => {
      const { env, home } = await shared();
      const server = await start(env, home);
      const resumed = await runCli(['resume', 'any-run'], { home, env, timeoutMs: 60_000 });
      expect(resumed.code).toBe(1);
      expect(resumed.stderr).toContain('SKIFF_SERVER_DB_IN_USE');
      expect(resumed.stderr).toContain(server.url);
    });

    it('takes over the lease of a server that stopped renewing it (killed), once it expires', async () => {
      const { env, home, url } = await shared();
      expect(await leaseAsKilledServer(url, TTL_MS)).toBe(true);
      const server = await start(env, home);
      expect((await server.request('/apis/v2beta1/healthz')).status).toBe(200);
    });

    it('stops by itself when another server took its lease over, and says so', async () => {
      const { env, home, url } = await shared();
      const server = await start(env, home);
      const metadata = await openMetadataStore(url);
      // What a server that started while this one stalled past its expiry would have done.
      await metadata.serverLeases.release('run-worker', await ownerOf(url));
      const thief = await metadata.serverLeases.acquire({
        name: 'run-worker',
        owner: 'thief',
        holder: 'the server that took over',
        nowMs: Date.now(),
        ttlMs: 60_000,
      });
      await metadata.close();
      expect(thief.acquired).toBe(true);
      const stopped = await server.stoppedByItself.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(stopped).toMatchObject({ code: 'SKIFF_SERVER_DB_IN_USE' });
      expect(String((stopped as Error).message)).toContain('the server that took over');
      await expect(server.request('/apis/v2beta1/healthz')).rejects.toThrow();
    });
  });
}

/** The owner id of the lease row (read straight from the store's table). */
async function ownerOf(url: string): Promise<string> {
  if (url.startsWith('sqlite://')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(url.slice('sqlite://'.length), { readonly: true });
    try {
      return (db.prepare('SELECT owner FROM server_leases').get() as { owner: string }).owner;
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ owner: string }>('SELECT owner FROM server_leases')).rows[0]!.owner;
  } finally {
    await client.end();
  }
}
