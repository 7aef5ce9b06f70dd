import { didYouMean, SkiffError } from '../errors/index.js';
import type { MetadataStore } from './metadata-store.js';
import { maskPostgresUrl } from './postgres/postgres-url.js';
import { openSqliteMetadataStore } from './sqlite/open-sqlite.js';

const SCHEMES = ['sqlite', 'postgres', 'postgresql'];

/**
 * Opens the metadata store named by `metadata.url`: `sqlite://PATH` (embedded, the default) or
 * `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (`postgresql://` too). Throws SKIFF_METADATA_OPEN.
 */
export async function openMetadataStore(url: string): Promise<MetadataStore> {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return openSqliteMetadataStore(url);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    // Loaded on demand: SQLite users never pay for the PostgreSQL driver.
    const { openPostgresMetadataStore } = await import('./postgres/open-postgres.js');
    return openPostgresMetadataStore(url);
  }
  const found =
    scheme === undefined ? 'has no scheme' : `has scheme "${scheme}"${didYouMean(scheme, SCHEMES)}`;
  throw new SkiffError(
    'SKIFF_METADATA_OPEN',
    `metadata.url "${maskPostgresUrl(url)}" ${found}; supported: sqlite://, postgres://, postgresql://`,
    {
      fix: 'Write sqlite://PATH (e.g. sqlite://~/.skiff/skiff.db) or postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
    },
  );
}
