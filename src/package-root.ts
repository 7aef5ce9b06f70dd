import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of Skiff's package.json, found by walking up from this module: the same answer
 * from src/ (tests), dist/ (tsc output), the bundled dist/skiff.mjs and its dist/chunks/, in a clone
 * or in an installed package (`PREFIX/lib/node_modules/skiff`, where the packed tarball's `files`
 * put runtime/ and python/ beside package.json). `runtime/` and `python/` (files Skiff runs, not
 * imports) live there.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'runtime'))) return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`Skiff's package root was not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
})();
