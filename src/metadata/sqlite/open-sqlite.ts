import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { maskUrlSecrets } from '../../config/mask.js';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import { diskFullError, isDiskFull, pseudoFileSystemProblem } from '../../local-fs/index.js';
import { createKyselyMetadataStore } from '../kysely-metadata-store.js';
import type { MetadataStore } from '../metadata-store.js';
import { migrateToLatest } from '../migrations/migrate.js';
import type { Database } from '../schema.js';
import { GroupCommitSqliteDialect } from './group-commit-dialect.js';
import { nativeModuleError } from './native-module-error.js';
import { parseSqliteUrl, type SqliteLocation } from './sqlite-url.js';

/** How long a writer waits for another process's lock before failing, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite metadata store at `url` (see `parseSqliteUrl`), in WAL mode
 * so other processes can read while this one writes, and migrates it. Throws SKIFF_METADATA_OPEN.
 */
export async function openSqliteMetadataStore(url: string): Promise<MetadataStore> {
  const location = parseSqliteUrl(url);
  const where = location.kind === 'memory' ? 'in memory' : `"${location.path}"`;
  if (location.kind === 'file') {
    const pseudo = await pseudoFileSystemProblem(dirname(location.path));
    if (pseudo !== undefined)
      throw openError(url, `its directory ${pseudo}`, undefined, dirFix(location.path));
  }
  const connection = connect(location, url);
  const db = new Kysely<Database>({
    dialect: new GroupCommitSqliteDialect(connection, location.kind === 'file' ? location.path : undefined),
  });
  try {
    await migrateToLatest(db as Kysely<unknown>, 'sqlite', where);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyMetadataStore(db);
}

function connect(location: SqliteLocation, url: string): BetterSqlite3.Database {
  if (location.kind === 'memory') {
    try {
      return configure(new BetterSqlite3(':memory:'));
    } catch (error) {
      throw nativeModuleError(error) ?? error;
    }
  }
  const { path } = location;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    if (isDiskFull(error)) throw diskFullError(path, 'opening the metadata store', error);
    throw openError(url, `its directory "${dirname(path)}" cannot be created`, error, dirFix(path));
  }
  let connection: BetterSqlite3.Database | undefined;
  try {
    connection = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    return configure(connection);
  } catch (error) {
    connection?.close();
    if (isSkiffError(error)) throw error;
    // The addon loads on the first `new Database()`: a build for another Node.js fails here.
    const native = nativeModuleError(error);
    if (native !== undefined) throw native;
    if (isDiskFull(error, path)) throw diskFullError(path, 'opening the metadata store', error);
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw openError(
        url,
        `"${path}" is not a SQLite database or is corrupt`,
        error,
        `Move "${path}" aside (Skiff then creates a new store), or point metadata.url at another file.`,
      );
    }
    throw openError(url, `"${path}" cannot be opened for writing`, error, dirFix(path));
  }
}

function configure(connection: BetterSqlite3.Database): BetterSqlite3.Database {
  // WAL lets a second process (`skiff logs --follow`) read while `skiff run` writes;
  // synchronous=NORMAL is durable across process crashes and skips an fsync per commit.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  connection.pragma('foreign_keys = ON');
  return connection;
}

function dirFix(path: string): string {
  return `Make "${dirname(path)}" writable by this user, or set metadata.url (SKIFF_METADATA_URL) to a writable location.`;
}

function openError(url: string, what: string, cause: unknown, fix: string): SkiffError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new SkiffError(
    'SKIFF_METADATA_OPEN',
    `metadata store ${maskUrlSecrets(url)} cannot be opened: ${what}${reason}`,
    {
      fix,
      cause,
    },
  );
}
