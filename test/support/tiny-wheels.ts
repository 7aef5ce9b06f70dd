import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MAKE_WHEELS = fileURLToPath(new URL('../fixtures/python/make_wheels.py', import.meta.url));
/** A package index on disk, made from tiny pure-Python wheels: `<dir>/simple` (a PEP 503 index) and `<dir>/wheels`. */
export interface TinyIndex {
  /** `file://<dir>/simple`, for `--index-url`. */
  readonly url: string;
  readonly dir: string;
}

/**
 * Build wheels for `specs` (`name==version`; each package `name` has `__version__` = version and a
 * console script `<name>-version` that prints it) and
 * a simple index over them, with the real python3 (no network, no build backend).
 */
export function makeTinyIndex(dir: string, specs: readonly string[]): TinyIndex {
  mkdirSync(dir, { recursive: true });
  execFileSync('python3', [MAKE_WHEELS, dir, ...specs], { stdio: 'inherit' });
  return { dir, url: pathToFileURL(join(dir, 'simple')).href };
}
