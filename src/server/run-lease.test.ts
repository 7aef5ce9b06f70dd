import { afterEach, describe, expect, it } from 'vitest';
import { silentLog as log } from '../../test/support/silent-log.js';
import { type MetadataStore, openMetadataStore } from '../metadata/index.js';
import { isHeld, runInUse, runLeaseName, tryHoldRunLease } from './run-lease.js';

describe('run leases', () => {
  let store: MetadataStore | undefined;
  afterEach(async () => store?.close());

  it('one holder at a time; renewed while held; free for the next once given up', async () => {
    store = await openMetadataStore('sqlite::memory:');
    const first = await tryHoldRunLease({
      store: store.serverLeases,
      runId: 'r1',
      holder: 'skiff run on host pid 1',
      log,
      ttlMs: 300,
    });
    expect(isHeld(first)).toBe(true);
    const second = await tryHoldRunLease({
      store: store.serverLeases,
      runId: 'r1',
      holder: 'skiff server',
      log,
    });
    expect(second).toMatchObject({ acquired: false, holder: 'skiff run on host pid 1' });
    if (isHeld(second)) throw new Error('held twice');
    expect(runInUse('r1', second).message).toContain(
      'run r1 is being executed by another process (skiff run on host pid 1)',
    );
    // Another run's lease is another name.
    const other = await tryHoldRunLease({ store: store.serverLeases, runId: 'r2', holder: 'x', log });
    expect(isHeld(other)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 450)); // past the first lease time: held only if renewed
    expect(isHeld(await tryHoldRunLease({ store: store.serverLeases, runId: 'r1', holder: 'y', log }))).toBe(
      false,
    );
    if (isHeld(first)) await first.close();
    const third = await tryHoldRunLease({ store: store.serverLeases, runId: 'r1', holder: 'z', log });
    expect(isHeld(third)).toBe(true);
    expect(runLeaseName('r1')).toBe('run:r1');
    for (const lease of [third, other]) if (isHeld(lease)) await lease.close();
  });
});
