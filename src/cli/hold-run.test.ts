import { afterEach, describe, expect, it } from 'vitest';
import { silentLog as log } from '../../test/support/silent-log.js';
import { makeRun } from '../metadata/contract/fixtures.js';
import { type MetadataStore, openMetadataStore } from '../metadata/index.js';
import type { Services } from '../services.js';
import { holdRun, STOP_CHECK_MS } from './hold-run.js';

describe('holding a run this process executes', () => {
  let store: MetadataStore | undefined;
  afterEach(async () => store?.close());

  it('hears a stop asked through a server (CANCELING) within a second or so, not at the next lease renewal', async () => {
    store = await openMetadataStore('sqlite::memory:');
    const run = makeRun({ state: 'RUNNING' });
    await store.runs.create(run);
    const services = { metadata: store, log } as unknown as Services;
    const held = await holdRun(services, run.id, 'skiff run');
    try {
      expect(held.stopAsked.aborted).toBe(false);
      await store.runs.update(run.id, { state: 'CANCELING' });
      const askedAt = performance.now();
      await new Promise<void>((resolve) => held.stopAsked.addEventListener('abort', () => resolve()));
      // The lease renews every 5 s; the state is read every STOP_CHECK_MS.
      expect(performance.now() - askedAt).toBeLessThan(STOP_CHECK_MS + 500);
      expect(String(held.stopAsked.reason)).toContain('terminated through skiff server');
    } finally {
      await held.close();
    }
  });
});
