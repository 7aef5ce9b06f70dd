import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { maskUrlSecrets } from '../../config/mask.js';
import { SkiffError } from '../../errors/index.js';

/** Where a SQLite metadata store lives: an absolute file path, or memory (tests). */
export type SqliteLocation = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'memory' };

const MEMORY = ':memory:';

/**
 * Parses `sqlite://<path>` (`sqlite:///abs/db`, `sqlite://relative/db`, `sqlite://~/db`),
 * `sqlite:<path>`, `sqlite::memory:` and `sqlite://:memory:`. Relative paths resolve against `cwd`.
 */
export function parseSqliteUrl(url: string, cwd: string = process.cwd()): SqliteLocation {
  if (!url.startsWith('sqlite:')) {
    throw new SkiffError('SKIFF_METADATA_OPEN', `metadata.url "${maskUrlSecrets(url)}" is not a SQLite URL`, {
      fix: 'Write sqlite://PATH, e.g. sqlite://~/.skiff/skiff.db.',
    });
  }
  const rest = url.slice('sqlite:'.length);
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === MEMORY) return { kind: 'memory' };
  if (path === '') {
    throw new SkiffError(
      'SKIFF_METADATA_OPEN',
      `metadata.url "${maskUrlSecrets(url)}" names no database file`,
      {
        fix: 'Write sqlite://PATH, e.g. sqlite://~/.skiff/skiff.db, or sqlite::memory: for a throwaway store.',
      },
    );
  }
  const expanded = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
  return { kind: 'file', path: isAbsolute(expanded) ? expanded : resolve(cwd, expanded) };
}
