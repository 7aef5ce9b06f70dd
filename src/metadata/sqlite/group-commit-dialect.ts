import type BetterSqlite3 from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { GroupCommitDriver } from './group-commit-driver.js';
import { withStatementCache } from './statement-cache.js';

/** Kysely's SQLite dialect over one better-sqlite3 connection, with group commit (see GroupCommitDriver). */
export class GroupCommitSqliteDialect implements Dialect {
  readonly #connection: BetterSqlite3.Database;

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection;
  }

  createDriver(): Driver {
    return new GroupCommitDriver(this.#connection, withStatementCache(this.#connection));
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
