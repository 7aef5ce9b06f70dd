import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedBeforeRetryRounds } from '../contract/upgrade-fixture.js';
import { openSqliteMetadataStore } from '../sqlite/open-sqlite.js';

describe('migration 006 (retry rounds) on SQLite', () => {
  it('puts the tasks and attempts of an existing database in round 0, and a retry then moves them to round 1', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skiff-006-')), 'skiff.db');
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    await seedBeforeRetryRounds(old, 'sqlite');
    await old.destroy();

    const store = await openSqliteMetadataStore(`sqlite://${path}`);
    try {
      expect(await store.tasks.get('task-1')).toMatchObject({ state: 'FAILED', retryRound: 0 });
      expect((await store.attempts.listByTask('task-1')).map((a) => [a.number, a.retryRound])).toEqual([
        [1, 0],
      ]);
      expect(await store.tasks.resetUnsucceeded('run-1')).toBe(1);
      expect(await store.tasks.get('task-1')).toMatchObject({ state: 'PENDING', retryRound: 1, error: null });
    } finally {
      await store.close();
    }
  });
});
