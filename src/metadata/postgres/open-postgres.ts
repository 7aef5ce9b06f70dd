import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyMetadataStore } from '../kysely-metadata-store.js';
import type { MetadataStore } from '../metadata-store.js';
import { migrateToLatest } from '../migrations/migrate.js';
import type { Database } from '../schema.js';
import { connectError } from './connect-error.js';
import { type PostgresTarget, parsePostgresUrl } from './postgres-url.js';
import { translatePostgresError } from './server-full.js';

/** How long opening a connection (TCP, TLS and authentication) may take, in milliseconds. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5000;
/** Connections the store keeps open at most; further queries wait for a free one. */
export const POSTGRES_POOL_SIZE = 10;

const INT8_OID = 20;

/**
 * Opens the PostgreSQL metadata store at `url` (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`,
 * libpq URI parameters such as `sslmode` honoured) and migrates it. Throws SKIFF_METADATA_OPEN
 * naming host, port, database and user (never the password) when it cannot connect.
 */
export async function openPostgresMetadataStore(url: string): Promise<MetadataStore> {
  const target = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_POOL_SIZE,
    // pg-pool applies its connectionTimeoutMillis to waiting for a free connection as well, which
    // would fail writes queued behind a burst; only connecting is bounded (by TimedClient).
    connectionTimeoutMillis: 0,
    Client: clientFor(target),
    types: { getTypeParser: typeParser as never },
  });
  // An idle connection the server drops emits 'error' on the pool, which would otherwise crash the
  // process; the pool has already discarded that client and the next query connects anew (and
  // fails, with its own error, if the server is still gone).
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      // A connection the server ends because its disk is full is that, not a connection problem.
      const full = translatePostgresError(error, target);
      throw full === error ? connectError(target, POSTGRES_CONNECT_TIMEOUT_MS, error) : full;
    }
    await migrateToLatest(db as Kysely<unknown>, 'postgres', target.masked);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyMetadataStore(db);
}

/**
 * A client whose connect (TCP, TLS, authentication) gives up after POSTGRES_CONNECT_TIMEOUT_MS, and
 * whose queries report the server's full disk as SKIFF_DISK_FULL (translatePostgresError).
 */
function clientFor(target: PostgresTarget): typeof pg.Client {
  return class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS });
    }

    // Kysely calls the promise form; callback forms pass through as they are.
    override query(...args: unknown[]): never {
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (!(result instanceof Promise)) return result as never;
      return result.catch((error: unknown) => {
        throw translatePostgresError(error, target);
      }) as never;
    }
  };
}

// BIGINT (epoch ms, identity keys) arrives as a number, exactly while it is a safe integer; a larger
// value stays a string rather than being silently rounded. Other types keep pg's parsers.
function typeParser(oid: number, format?: string): (text: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format as 'text');
}

function parseInt8(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}
