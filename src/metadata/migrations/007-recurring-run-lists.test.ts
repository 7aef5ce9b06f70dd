import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { metadataMigrationProvider } from './migration-provider.js';

let db: Kysely<Database> | undefined;
afterEach(async () => db?.destroy());

it('gives runs stored before migration 007 their creation time as scheduled time', async () => {
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
  const migrator = new Migrator({ db, provider: metadataMigrationProvider('sqlite') });
  expect((await migrator.migrateTo('005-recurring-runs')).error).toBeUndefined();
  await (db as Kysely<unknown> as Kysely<{ runs: Record<string, unknown> }>)
    .insertInto('runs')
    .values({
      id: 'old',
      pipeline_name: 'p',
      display_name: 'old run',
      spec_text: '{}',
      arguments: '{}',
      pipeline_root: 'file:///tmp/r',
      state: 'SUCCEEDED',
      created_at_ms: 1_700_000_000_123,
      options: '{}',
    })
    .execute();
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  // The column itself, not the store's reading of it (which falls back to the creation time).
  const row = await db
    .selectFrom('runs')
    .select('scheduled_at_ms')
    .where('id', '=', 'old')
    .executeTakeFirst();
  expect(Number(row?.scheduled_at_ms)).toBe(1_700_000_000_123);
});
