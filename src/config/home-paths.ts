import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SkiffError } from '../errors/index.js';
import type { Config } from './config-schema.js';

/** Expand `~` and `~/x` to the user's home directory `homeDir`; other paths are returned unchanged. */
export function expandHome(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/')) return join(homeDir, path.slice(2));
  return path;
}

/** Expand `scheme://~` and `scheme://~/x` (e.g. `file://~/a`, `sqlite://~/a.db`) to an absolute path URI. */
export function expandHomeInUri(uri: string, homeDir: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(~(?:\/.*)?)$/s.exec(uri);
  if (!match) return uri;
  return `${match[1]}${expandHome(match[2]!, homeDir)}`;
}

/** Local filesystem path of a `file://` or `sqlite://` URI (e.g. `sqlite:///x/skiff.db` → `/x/skiff.db`). */
export function localPathOfUri(uri: string): string {
  if (uri.startsWith('sqlite://')) return uri.slice('sqlite://'.length);
  if (uri.startsWith('file://')) {
    try {
      return fileURLToPath(uri);
    } catch (cause) {
      throw new SkiffError('SKIFF_STORAGE_BAD_URI', `"${uri}" is not a local file URI: ${String(cause)}`, {
        fix: 'Write an absolute file URI such as file:///data/artifacts or file://~/artifacts.',
        cause,
      });
    }
  }
  throw new SkiffError('SKIFF_STORAGE_BAD_URI', `"${uri}" is not a file:// or sqlite:// URI`, {
    fix: 'Use a local URI such as file:///data/artifacts.',
  });
}

/** Directory of attempt logs: `<home>/logs`. */
export function logsDirOf(config: Config): string {
  return join(config.home, 'logs');
}
