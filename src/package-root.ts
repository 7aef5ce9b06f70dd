import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of Skiff's package.json, found by walking up from this module: the same answer
 * from src/ (tests), dist/ (tsc output) and the bundled dist/skiff.mjs. `runtime/` and `python/`
 * (files Skiff runs, not imports) live there.
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
