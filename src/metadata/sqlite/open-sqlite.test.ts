import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRun, makeTask } from '../contract/fixtures.js';
import type { MetadataStore } from '../metadata-store.js';
import { GroupCommitSqliteDialect } from './group-commit-dialect.js';
import { openSqliteMetadataStore } from './open-sqlite.js';

describe('openSqliteMetadataStore', () => {
  let dir: string;
  const opened: MetadataStore[] = [];
  const open = async (path: string) => {
    const store = await openSqliteMetadataStore(`sqlite://${path}`);
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-open-sqlite-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates missing parent directories and leaves the file in WAL mode', async () => {
    const path = join(dir, 'a', 'b', 'skiff.db');
    const store = await open(path);
    await store.runs.create(makeRun());
    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('select count(*) as n from runs').get()).toEqual({ n: 1 });
    } finally {
      raw.close();
    }
  });

  it('keeps data across close and reopen, migrating only once', async () => {
    const path = join(dir, 'skiff.db');
    const first = await open(path);
    await first.runs.create(makeRun());
    await first.close();
    const second = await open(path);
    expect((await second.runs.get('run-1'))?.pipelineName).toBe('hello-pipeline');
  });

  it('lets a second store on the same file read and write while the first writes', async () => {
    const path = join(dir, 'skiff.db');
    const writer = await open(path);
    const reader = await open(path);
    await writer.runs.create(makeRun());
    const writes = Array.from({ length: 200 }, (_, i) =>
      writer.tasks.create(makeTask({ id: `t-${i}`, path: `op-${i}` })),
    );
    const reads = Array.from({ length: 50 }, () => reader.tasks.listByRun('run-1'));
    const [, seen] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(seen.every((tasks) => tasks.length <= 200)).toBe(true);
    expect(await reader.tasks.listByRun('run-1')).toHaveLength(200);
    await reader.runs.update('run-1', { state: 'CANCELING' });
    expect((await writer.runs.get('run-1'))?.state).toBe('CANCELING');
  });

  it('reports a file that is not a database with SKIFF_METADATA_OPEN naming the path', async () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(
      path,
      'this is not a sqlite file, just text that is long enough to have a header...'.repeat(20),
    );
    const error = await openSqliteMetadataStore(`sqlite://${path}`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    expect((error as Error).message).toContain(path);
    expect((error as { fix: string }).fix).toContain('Move');
  });

  it('reports a directory that cannot be created with SKIFF_METADATA_OPEN and a fix', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const error = await openSqliteMetadataStore(`sqlite://${join(blocker, 'sub', 'skiff.db')}`).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    expect((error as Error).message).toContain(blocker);
    expect((error as { fix: string }).fix).toContain('writable');
  });

  it('enforces foreign keys', async () => {
    const store = await open(join(dir, 'skiff.db'));
    await expect(store.tasks.create(makeTask({ runId: 'missing' }))).rejects.toMatchObject({
      code: 'SKIFF_METADATA_CONFLICT',
    });
  });
});

describe('migrations on SQLite', () => {
  it('roll a failing migration run back whole: no table it made is left for the next start to trip on', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'skiff-migrate-')), 'x.db');
    const db = new Kysely<unknown>({ dialect: new GroupCommitSqliteDialect(new BetterSqlite3(file), file) });
    const migrations = {
      '001-a': { up: (k: Kysely<unknown>) => k.schema.createTable('a').addColumn('id', 'text').execute() },
      '002-b': {
        up: async (k: Kysely<unknown>) => {
          await k.schema.createTable('b').addColumn('id', 'text').execute();
          throw new Error('disk full half-way');
        },
      },
    };
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateToLatest();
    expect(String(error)).toContain('disk full half-way');
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('a');
    expect(tables).not.toContain('b');
    await db.destroy();
  });
});
