import { SkiffError } from '../../errors/index.js';
import type { PostgresTarget } from './postgres-url.js';

/**
 * Explains why the PostgreSQL server at `target` could not be used (refused, unknown host, timeout,
 * authentication, missing database), as SKIFF_METADATA_OPEN with a fix for that case.
 */
export function connectError(target: PostgresTarget, timeoutMs: number, cause: unknown): SkiffError {
  const where = `PostgreSQL at ${target.host}:${target.port} (database "${target.database}"${
    target.user === undefined ? '' : `, user "${target.user}"`
  })`;
  const { why, fix } = explain(target, timeoutMs, cause);
  const reason = cause instanceof Error && cause.message !== '' ? `: ${cause.message}` : '';
  return new SkiffError(
    'SKIFF_METADATA_OPEN',
    `metadata store ${target.masked} cannot be opened: ${where} ${why}${reason}`,
    { fix, cause },
  );
}

function explain(target: PostgresTarget, timeoutMs: number, cause: unknown): { why: string; fix: string } {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  const setUrl = 'metadata.url (SKIFF_METADATA_URL, --metadata-url)';
  switch (code) {
    case 'ECONNREFUSED':
      return {
        why: 'refused the connection',
        fix: `Start PostgreSQL on ${target.host}:${target.port}, or correct host and port in ${setUrl}.`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        why: 'cannot be found (the host name does not resolve)',
        fix: `Correct the host "${target.host}" in ${setUrl}.`,
      };
    case '28P01':
    case '28000':
      return {
        why: 'refused the login',
        fix: `Check the user and password in ${setUrl} and that pg_hba.conf lets this host connect.`,
      };
    case '3D000':
      return {
        why: 'has no such database',
        fix: `Create it (createdb -h ${target.host} -p ${target.port} ${target.database}), or name an existing database in ${setUrl}.`,
      };
  }
  if (/timeout/i.test(message)) {
    return {
      why: `did not answer within ${timeoutMs / 1000}s`,
      fix: `Check that ${target.host}:${target.port} is reachable from here (firewall, VPN) and that PostgreSQL listens there.`,
    };
  }
  return { why: 'cannot be used', fix: `Check ${setUrl} and that the PostgreSQL server is running.` };
}
