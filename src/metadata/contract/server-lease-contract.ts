import { expect, it } from 'vitest';
import type { LeaseRequest, MetadataStore } from '../metadata-store.js';
import { T0 } from './fixtures.js';

const ask = (owner: string, nowMs: number, ttlMs = 30_000): LeaseRequest => ({
  name: 'server',
  owner,
  holder: `holder ${owner}`,
  nowMs,
  ttlMs,
});

/** Registers tests of server leases; `store()` is a fresh, empty store per test. */
export function serverLeaseContract(store: () => MetadataStore): void {
  it('gives a free lease to the first owner and renews it for that owner only', async () => {
    const leases = store().serverLeases;
    expect(await leases.acquire(ask('a', T0))).toEqual({ acquired: true, expiresAtMs: T0 + 30_000 });
    expect(await leases.acquire(ask('b', T0 + 1000))).toEqual({
      acquired: false,
      holder: 'holder a',
      expiresAtMs: T0 + 30_000,
    });
    expect(await leases.acquire(ask('a', T0 + 10_000))).toEqual({ acquired: true, expiresAtMs: T0 + 40_000 });
    expect((await leases.acquire(ask('b', T0 + 35_000))).acquired).toBe(false);
  });

  it('lets another owner take a lease its holder stopped renewing, or released', async () => {
    const leases = store().serverLeases;
    await leases.acquire(ask('a', T0));
    expect(await leases.acquire(ask('b', T0 + 30_000))).toEqual({ acquired: true, expiresAtMs: T0 + 60_000 });
    // The old holder's renewal fails: it lost the lease.
    expect((await leases.acquire(ask('a', T0 + 31_000))).acquired).toBe(false);
    await leases.release('server', 'a'); // not the holder: nothing happens
    expect((await leases.acquire(ask('c', T0 + 32_000))).acquired).toBe(false);
    await leases.release('server', 'b');
    expect((await leases.acquire(ask('c', T0 + 33_000))).acquired).toBe(true);
  });

  it('gives a lease to exactly one of many owners asking at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store().serverLeases.acquire(ask(`owner-${i}`, T0))),
    );
    expect(answers.filter((answer) => answer.acquired)).toHaveLength(1);
  });
}
