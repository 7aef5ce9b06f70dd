import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { ListCursor, ListPage, ListPredicate, ListQuery, ListScalar } from './list-query.js';

/** A listable field's column, and whether it holds numbers (BIGINT epoch ms, integers). */
export interface ListColumn {
  readonly column: string;
  readonly numeric?: boolean;
}

/** Field name → column of a listed table; the `id` entry is the unique tie-breaker for keyset pages. */
export type ListColumns<F extends string> = Readonly<Record<F | 'id', ListColumn>>;

const COMPARISONS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
// `!` escapes LIKE wildcards; it needs no quoting in SQLite or PostgreSQL string literals.
const LIKE_ESCAPE = '!';

/** The SQL condition of one predicate, in portable SQL (SQLite and PostgreSQL). */
export function predicateSql<F extends string>(
  predicate: ListPredicate<F>,
  columns: ListColumns<F>,
): RawBuilder<SqlBool> {
  const { column, numeric } = columns[predicate.field];
  const ref = sql.ref(column);
  const cast = (value: ListScalar) => (numeric ? Number(value) : value);
  if (predicate.op === 'in') {
    const values = Array.isArray(predicate.value) ? predicate.value : [predicate.value];
    if (values.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`${ref} in (${sql.join(values.map((v) => cast(v as ListScalar)))})`;
  }
  const value = predicate.value as ListScalar;
  if (predicate.op === 'substring') {
    const escaped = String(value).replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`);
    return sql<SqlBool>`${ref} like ${`%${escaped}%`} escape '!'`;
  }
  return sql<SqlBool>`${ref} ${sql.raw(COMPARISONS[predicate.op])} ${cast(value)}`;
}

/** The keyset condition "after this cursor" for the query's sort field and direction, ties broken by id. */
export function afterCursorSql<F extends string>(
  cursor: ListCursor,
  sort: ListQuery<F>['sort'],
  columns: ListColumns<F>,
): RawBuilder<SqlBool> {
  const { column, numeric } = columns[sort.field];
  const ref = sql.ref(column);
  const id = sql.ref(columns.id.column);
  const value = numeric ? Number(cursor.sortValue) : cursor.sortValue;
  const beyond = sql.raw(sort.descending ? '<' : '>');
  return sql<SqlBool>`(${ref} ${beyond} ${value} or (${ref} = ${value} and ${id} ${beyond} ${cursor.id}))`;
}

/**
 * Runs a list query on `from` (a `selectFrom(table)` with any joins and fixed conditions): one
 * page ordered by (sort field, id) after the cursor, and the total count of matching rows.
 */
export async function listPage<DB, TB extends keyof DB, F extends string>(
  from: SelectQueryBuilder<DB, TB, object>,
  query: ListQuery<F>,
  columns: ListColumns<NoInfer<F>>,
): Promise<ListPage<Record<string, unknown>>> {
  let filtered = from;
  for (const predicate of query.predicates) filtered = filtered.where(predicateSql(predicate, columns));
  let page = filtered.selectAll();
  if (query.after !== undefined) page = page.where(afterCursorSql(query.after, query.sort, columns));
  const direction = sql.raw(query.sort.descending ? 'desc' : 'asc');
  const sortRef = sql.ref(columns[query.sort.field].column);
  const idRef = sql.ref(columns.id.column);
  const [rows, count] = await Promise.all([
    page
      .orderBy(sql`${sortRef} ${direction}`)
      .orderBy(sql`${idRef} ${direction}`)
      .limit(query.limit + 1)
      .execute() as Promise<Record<string, unknown>[]>,
    filtered.select(sql<number | string>`count(*)`.as('n')).executeTakeFirst() as Promise<
      { n: number | string } | undefined
    >,
  ]);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const totalSize = Number(count?.n ?? 0);
  if (rows.length <= query.limit || last === undefined) return { items, totalSize };
  const sortValue = last[columns[query.sort.field].column] as ListScalar;
  const next: ListCursor = {
    sortValue: columns[query.sort.field].numeric ? Number(sortValue) : sortValue,
    id: String(last[columns.id.column]),
  };
  return { items, totalSize, next };
}
