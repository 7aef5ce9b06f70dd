import { didYouMean, SkiffError } from '../errors/index.js';
import type { MetadataStore } from './metadata-store.js';
import { openSqliteMetadataStore } from './sqlite/open-sqlite.js';

const SCHEMES = ['sqlite', 'postgres', 'postgresql'];

/** Opens the metadata store named by `metadata.url`: `sqlite://PATH` now; `postgres://` arrives with the server. */
export async function openMetadataStore(url: string): Promise<MetadataStore> {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return openSqliteMetadataStore(url);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new SkiffError(
      'SKIFF_METADATA_OPEN',
      `metadata.url "${redact(url)}" asks for PostgreSQL, which this version of Skiff does not support yet (it arrives with the server)`,
      { fix: 'Use sqlite://PATH for now, e.g. sqlite://~/.skiff/skiff.db (the default).' },
    );
  }
  const found =
    scheme === undefined ? 'has no scheme' : `has scheme "${scheme}"${didYouMean(scheme, SCHEMES)}`;
  throw new SkiffError(
    'SKIFF_METADATA_OPEN',
    `metadata.url "${redact(url)}" ${found}; supported: sqlite://`,
    {
      fix: 'Write sqlite://PATH, e.g. sqlite://~/.skiff/skiff.db.',
    },
  );
}

/** Masks a password in `scheme://user:password@host`. */
function redact(url: string): string {
  return url.replace(/^([^:/]+:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
