import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './codes.js';
import { renderErrorsDoc } from './errors-doc.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Every non-test source file under src/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [file] : [];
  });
}

describe('docs/errors.md', () => {
  it('lists every code of the registry, as generated (run `npm run docs` after changing codes)', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderErrorsDoc());
  });

  it('every code the source reports (`code: ...`, `new SkiffError(...)`) is in the registry, so in the docs', () => {
    // A code written as a plain string (a doctor check, a zod issue) escapes the compiler's check.
    const used = new Map<string, string>();
    const pattern = /(?:code:\s*|new SkiffError\(\s*|SkiffError\(\s*)'(SKIFF_[A-Z0-9_]+)'/g;
    for (const file of sourceFiles(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern))
        used.set(match[1]!, path.relative(SRC, file));
    }
    expect(used.size).toBeGreaterThan(20);
    const unregistered = [...used].filter(([code]) => !(code in ERROR_CODES));
    expect(unregistered).toEqual([]);
  });

  it('every code the web UI reports (a string, or shown as `className="code"`) is in the registry', () => {
    const UI = fileURLToPath(new URL('../../ui/src', import.meta.url));
    const files = readdirSync(UI, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.'))
      .map((entry) => path.join(entry.parentPath, entry.name));
    const used = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /'(SKIFF_[A-Z0-9_]+)'|"code">(SKIFF_[A-Z0-9_]+)</g,
      ))
        used.add((match[1] ?? match[2])!);
    }
    expect(used).toContain('SKIFF_UI_UNREACHABLE');
    expect([...used].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });
});
