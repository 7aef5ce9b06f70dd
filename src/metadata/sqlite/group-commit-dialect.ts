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
import { isSkiffError } from '../../errors/index.js';
import { diskFullError, isDiskFull } from '../../local-fs/index.js';
import { GroupCommitDriver } from './group-commit-driver.js';
import { withStatementCache } from './statement-cache.js';

/**
 * SQLite runs DDL inside transactions, so each migration run is all or nothing (Kysely's own adapter
 * says it cannot, and its migrator then applies migrations statement by statement: a failure
 * half-way, such as a full disk, left tables that the next start could not create again).
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's SQLite dialect over one better-sqlite3 connection, with group commit (see
 * GroupCommitDriver). `file` is the database file (undefined in memory): a write that fails because
 * its disk is full becomes SKIFF_DISK_FULL naming it.
 */
export class GroupCommitSqliteDialect implements Dialect {
  readonly #connection: BetterSqlite3.Database;
  readonly #file: string | undefined;

  constructor(connection: BetterSqlite3.Database, file?: string) {
    this.#connection = connection;
    this.#file = file;
  }

  createDriver(): Driver {
    const file = this.#file;
    const translate = (error: unknown): unknown =>
      file !== undefined && !isSkiffError(error) && isDiskFull(error, file)
        ? diskFullError(file, 'writing the metadata store', error)
        : error;
    return new GroupCommitDriver(this.#connection, withStatementCache(this.#connection), translate);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
