import { SkiffError } from '../../errors/index.js';
import type { PostgresTarget } from './postgres-url.js';

/** PostgreSQL's SQLSTATE for "could not extend file: No space left on device" and friends. */
const DISK_FULL = '53100';

/**
 * A PostgreSQL error as callers should see it: `disk_full` (SQLSTATE 53100) becomes
 * SKIFF_DISK_FULL naming the server (its disk is not this machine's to measure); anything else
 * is returned unchanged.
 */
export function translatePostgresError(error: unknown, target: PostgresTarget): unknown {
  if ((error as { code?: unknown } | null)?.code !== DISK_FULL) return error;
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new SkiffError(
    'SKIFF_DISK_FULL',
    `writing the metadata store failed: PostgreSQL at ${target.host}:${target.port} (database "${target.database}") reports its disk full (SQLSTATE ${DISK_FULL})${reason}`,
    {
      fix: "Free space on the PostgreSQL server's data directory (or raise its quota), then run the command again; `skiff resume RUN` continues a run this stopped, and nothing recorded is lost.",
      cause: error,
    },
  );
}
