// What every command loads: the static import graph of the bundle (dist/, built by `npm run build`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/cli.js';

const entry = join(REPO, 'dist', 'skiff.mjs');

/** Files the entry imports statically, transitively (dynamic `import()` chunks are left out). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^import\s[^;]*?from\s*"(\.[^"]+)";?$/gm)) {
    staticGraph(join(dirname(file), match[1]!), seen);
  }
  return seen;
}

describe.skipIf(!existsSync(entry))('the bundle', () => {
  it('keeps the CEL evaluator in a chunk loaded only for pipelines with conditions or selectors', () => {
    const loaded = [...staticGraph(entry)];
    expect(loaded.length).toBeGreaterThan(1);
    const definesEnv = (file: string) => readFileSync(file, 'utf8').includes('function celEnv(');
    expect(loaded.filter(definesEnv)).toEqual([]);
    const chunks = readdirSync(join(REPO, 'dist', 'chunks')).filter((name) => name.endsWith('.mjs'));
    expect(chunks.some((name) => definesEnv(join(REPO, 'dist', 'chunks', name)))).toBe(true);
  });
});
