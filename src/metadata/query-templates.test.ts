import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryTemplates } from './query-templates.js';
import { GroupCommitSqliteDialect } from './sqlite/group-commit-dialect.js';

interface Db {
  items: { id: string; label: string | null; size: number };
}

let db: Kysely<Db>;
beforeEach(async () => {
  db = new Kysely<Db>({ dialect: new GroupCommitSqliteDialect(new BetterSqlite3(':memory:')) });
  await sql`create table items (id text primary key, label text, size integer not null)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
});

const rows = () => db.selectFrom('items').selectAll().orderBy('id').execute();

describe('QueryTemplates', () => {
  it('runs a query compiled once with the values of each call, nulls included', async () => {
    const templates = new QueryTemplates(db as Kysely<unknown>);
    const insert = (row: Db['items']) =>
      templates.execute('insert', row, (v) => db.insertInto('items').values(v));
    await insert({ id: 'a', label: 'first', size: 1 });
    await insert({ id: 'b', label: null, size: 2 });
    expect(await rows()).toEqual([
      { id: 'a', label: 'first', size: 1 },
      { id: 'b', label: null, size: 2 },
    ]);
  });

  it('keeps one template per shape, so differently shaped updates each bind their own columns', async () => {
    const templates = new QueryTemplates(db as Kysely<unknown>);
    await db.insertInto('items').values({ id: 'a', label: 'x', size: 1 }).execute();
    const update = (id: string, set: Partial<Db['items']>) =>
      templates.execute(`update ${Object.keys(set).join()}`, { ...set, where_id: id }, (v) => {
        const { where_id, ...values } = v;
        return db.updateTable('items').set(values).where('id', '=', where_id);
      });
    const first = await update('a', { size: 5 });
    await update('a', { label: 'y', size: 6 });
    const none = await update('missing', { size: 7 });
    expect(first.numAffectedRows).toBe(1n);
    expect(none.numAffectedRows).toBe(0n);
    expect(await rows()).toEqual([{ id: 'a', label: 'y', size: 6 }]);
  });

  it('builds every time a query whose values do not all become parameters', async () => {
    const templates = new QueryTemplates(db as Kysely<unknown>);
    // `size` is written into the SQL text, not bound: a template would freeze the first value.
    const insert = (row: Db['items']) =>
      templates.execute('inlined', row, (v) =>
        db.insertInto('items').values({ id: v.id, label: v.label, size: sql.lit(v.size) as never }),
      );
    await insert({ id: 'a', label: null, size: 1 });
    await insert({ id: 'b', label: null, size: 2 });
    expect((await rows()).map((r) => r.size)).toEqual([1, 2]);
  });
});
