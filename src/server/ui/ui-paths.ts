import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.js';

/** Where `npm run build` puts the web UI (ui/ built by Vite). */
export const UI_DIR = join(PACKAGE_ROOT, 'dist', 'ui');

/** The built UI's directory, or undefined when it was not built (a source checkout before `npm run build`). */
export function builtUiDir(dir: string = UI_DIR): string | undefined {
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Paths served without a token and while the server starts: the UI's page and its static files
 * (they hold no data; every API call they make needs the token).
 */
export function isUiAssetPath(path: string): boolean {
  return path === '/' || path === '/index.html' || path.startsWith('/assets/');
}
