import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDoc } from './config-doc.js';

describe('docs/configuration.md', () => {
  it('documents every key and environment variable, as generated (run `npm run docs` after changing the schema)', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderConfigDoc());
    expect(doc).toContain('SKIFF_ENGINE_MAX_PARALLEL_TASKS');
  });
});
