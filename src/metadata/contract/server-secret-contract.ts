import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import { T0 } from './fixtures.js';

/** Registers tests of server secrets; `store()` is a fresh, empty store per test. */
export function serverSecretContract(store: () => MetadataStore): void {
  it('keeps the first value made for a secret and returns it to every later caller', async () => {
    const first = await store().serverSecrets.getOrCreate('page-token-key', () => 'value-1', T0);
    const second = await store().serverSecrets.getOrCreate('page-token-key', () => 'value-2', T0 + 1);
    expect([first, second]).toEqual(['value-1', 'value-1']);
    expect(await store().serverSecrets.getOrCreate('other', () => 'value-3', T0)).toBe('value-3');
  });

  it('gives concurrent first callers one and the same secret', async () => {
    const values = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store().serverSecrets.getOrCreate('race', () => `v${i}`, T0)),
    );
    expect(new Set(values).size).toBe(1);
  });
}
