import { SkiffError } from '../../errors/index.js';
import type { PostgresTarget } from './postgres-url.js';

/** PostgreSQL's SQLSTATE for "could not extend file: No space left on device" and friends. */
const DISK_FULL = '53100';

/**
 * Messages of a full disk that may come with another SQLSTATE: an I/O error on a temporary file, or
 * `could not write init file`, the FATAL (XX000, errno not given) with which a new connection ends
 * when the database's directory has no room for its relation cache file.
 */
const DISK_FULL_MESSAGE =
  /could not extend file|No space left on device|Disk quota exceeded|could not write init file/i;

/**
 * A PostgreSQL error as callers should see it: `disk_full` (SQLSTATE 53100), or a message of a
 * full disk (`could not extend file`, `No space left on device`), becomes SKIFF_DISK_FULL naming
 * the server (its disk is not this machine's to measure); anything else is returned unchanged.
 */
export function translatePostgresError(error: unknown, target: PostgresTarget): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  // Only server errors (five-character SQLSTATEs): a local ENOSPC is not the server's disk.
  const fromServer = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  if (code !== DISK_FULL && !(fromServer && DISK_FULL_MESSAGE.test(message))) return error;
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new SkiffError(
    'SKIFF_DISK_FULL',
    `writing the metadata store failed: PostgreSQL at ${target.host}:${target.port} (database "${target.database}") reports its disk full (SQLSTATE ${String(code)})${reason}`,
    {
      fix: "Free space on the PostgreSQL server's data directory (or raise its quota), then run the command again; `skiff resume RUN` continues a run this stopped, and nothing recorded is lost.",
      cause: error,
    },
  );
}
