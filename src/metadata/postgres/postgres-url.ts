import { maskUrlSecrets } from '../../config/mask.js';
import { SkiffError } from '../../errors/index.js';

/** Where a `postgres://` metadata URL points, for messages: never holds the password. */
export interface PostgresTarget {
  /** Host name, IP address or socket directory; `localhost` when the URL names none. */
  readonly host: string;
  /** TCP port; 5432 when the URL names none. */
  readonly port: number;
  /** Database name; PostgreSQL's default (the user name) when the URL names none. */
  readonly database: string;
  /** User name, or undefined when the URL names none (the driver then picks one). */
  readonly user: string | undefined;
  /** The URL with its secrets (password, `?password=`, `?sslpassword=`) masked. */
  readonly masked: string;
}

/** PostgreSQL's default port. */
export const POSTGRES_DEFAULT_PORT = 5432;

/** Masks the password in `scheme://user:password@host...` and in `?password=`/`?sslpassword=`. */
export function maskPostgresUrl(url: string): string {
  return maskUrlSecrets(url);
}

/**
 * Reads host, port, database and user from a `postgres://` or `postgresql://` URL (libpq's URI
 * form). Throws SKIFF_METADATA_OPEN when it is not a URL.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  const masked = maskPostgresUrl(url);
  let parsed: URL;
  try {
    // libpq allows user info without a host (`postgres://ana@/db`, the local default); WHATWG URL does not.
    parsed = new URL(url.replace(/^([^:/]+:\/\/[^/?#]*@)(?=[/?#]|$)/, '$1localhost'));
  } catch (error) {
    throw new SkiffError('SKIFF_METADATA_OPEN', `metadata.url "${masked}" is not a valid PostgreSQL URL`, {
      fix: 'Write postgres://USER:PASSWORD@HOST:PORT/DATABASE, percent-encoding special characters in the password.',
      cause: error,
    });
  }
  const user = parsed.username === '' ? undefined : decodeURIComponent(parsed.username);
  const host =
    parsed.searchParams.get('host') ??
    (parsed.hostname === '' ? 'localhost' : decodeURIComponent(parsed.hostname));
  const port = parsed.port === '' ? POSTGRES_DEFAULT_PORT : Number(parsed.port);
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const database = path === '' ? (user ?? '(the user name)') : path;
  return { host, port, database, user, masked };
}
