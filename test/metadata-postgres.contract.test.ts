import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openPostgresMetadataStore,
  POSTGRES_CONNECT_TIMEOUT_MS,
  POSTGRES_POOL_SIZE,
} from '../src/metadata/postgres/open-postgres.js';
import { makeRun, makeTask, metadataStoreContract, seedBeforeRetryRounds } from '../src/metadata/testing.js';
import { freshDatabase, startPostgres } from './support/postgres.js';

const server = await startPostgres();
if ('reason' in server) {
  describe.skip(`MetadataStore contract: PostgreSQL (skipped: ${server.reason})`, () => {
    it('runs the metadata contract on PostgreSQL', () => undefined);
  });
} else {
  afterAll(() => server.stop());
  const fresh = () => freshDatabase(server, 'contract');

  metadataStoreContract('PostgreSQL', async () => openPostgresMetadataStore(await fresh()));

  describe('PostgreSQL metadata store', () => {
    it('returns BIGINT epoch milliseconds as exact numbers, up to the largest safe integer', async () => {
      const store = await openPostgresMetadataStore(await fresh());
      try {
        const run = makeRun({ createdAtMs: Number.MAX_SAFE_INTEGER, startedAtMs: 4_102_444_800_123 });
        await store.runs.create(run);
        const read = await store.runs.get(run.id);
        expect(read?.createdAtMs).toBe(Number.MAX_SAFE_INTEGER);
        expect(read?.startedAtMs).toBe(4_102_444_800_123);
        expect(read).toStrictEqual(run);
      } finally {
        await store.close();
      }
    });

    it('lets two stores open a new database at once, migrating it once', async () => {
      const database = await fresh();
      const [a, b] = await Promise.all([
        openPostgresMetadataStore(database),
        openPostgresMetadataStore(database),
      ]);
      try {
        await a.runs.create(makeRun());
        await b.tasks.create(makeTask());
        expect((await a.tasks.listByRun('run-1')).map((task) => task.id)).toEqual([makeTask().id]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('keeps what a closed store wrote for the next store on the same database', async () => {
      const database = await fresh();
      const first = await openPostgresMetadataStore(database);
      await first.runs.create(makeRun());
      await first.close();
      const second = await openPostgresMetadataStore(database);
      try {
        expect(await second.runs.get('run-1')).toStrictEqual(makeRun());
      } finally {
        await second.close();
      }
    });

    it('queues writes behind busy connections for longer than the connect timeout without failing them', async () => {
      const database = await fresh();
      const store = await openPostgresMetadataStore(database);
      const locker = new pg.Client({ connectionString: database });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE runs IN ACCESS EXCLUSIVE MODE');
        // Every pooled connection blocks on the lock; as many writes again wait for a free one.
        const count = POSTGRES_POOL_SIZE * 2;
        const writes = Promise.allSettled(
          Array.from({ length: count }, (_, i) => store.runs.create(makeRun({ id: `run-${i}` }))),
        );
        await sleep(POSTGRES_CONNECT_TIMEOUT_MS + 1000);
        await locker.query('COMMIT');
        const failed = (await writes).filter((write) => write.status === 'rejected');
        expect(failed).toEqual([]);
        expect(await store.runs.list()).toHaveLength(count);
      } finally {
        await locker.end();
        await store.close();
      }
    });

    it('puts the tasks and attempts of an existing database in round 0 (migration 006), and a retry moves them to round 1', async () => {
      const database = await fresh();
      const old = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database, max: 1 }) }),
      });
      await seedBeforeRetryRounds(old, 'postgres');
      await old.destroy();
      const store = await openPostgresMetadataStore(database);
      try {
        expect(await store.tasks.get('task-1')).toMatchObject({ state: 'FAILED', retryRound: 0 });
        expect((await store.attempts.listByTask('task-1')).map((a) => a.retryRound)).toEqual([0]);
        expect(await store.tasks.resetUnsucceeded('run-1')).toBe(1);
        expect(await store.tasks.get('task-1')).toMatchObject({ state: 'PENDING', retryRound: 1 });
      } finally {
        await store.close();
      }
    });

    it('names a missing database and how to create it', async () => {
      await expect(openPostgresMetadataStore(server.urlFor('no_such_db'))).rejects.toMatchObject({
        code: 'SKIFF_METADATA_OPEN',
        message: expect.stringContaining('database "no_such_db"'),
        fix: expect.stringContaining('createdb'),
      });
    });
  });
}
