import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

// The store issues a few dozen distinct statements; the bound only guards against unexpected variety.
const MAX_STATEMENTS = 500;

/**
 * Wraps a better-sqlite3 connection for Kysely's SqliteDialect so each distinct SQL text is prepared
 * once: Kysely prepares on every call, which costs more than running a simple statement. A cached
 * statement must not be iterated by two callers at once; the store never streams.
 */
export function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = db.prepare(sql) as SqliteStatement;
        statements.set(sql, statement);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      db.close();
    },
  };
}
