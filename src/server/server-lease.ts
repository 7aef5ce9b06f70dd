import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../engine/index.js';
import { SkiffError } from '../errors/index.js';
import type { LeaseState, ServerLeaseStore } from '../metadata/index.js';

/** The lease a server (or `skiff resume`) takes on its metadata store before it executes stored runs. */
export const SERVER_LEASE = 'run-worker';

/** Default lease time: a server killed without closing frees its store this long after its last renewal. */
export const SERVER_LEASE_TTL_MS = 15_000;

/** A held server lease, renewed in the background until closed. */
export interface HeldLease {
  /** Describe the holder better (e.g. once the URL is known); sent with the next renewal. */
  describe(holder: string): void;
  /** Stop renewing and give the lease up. */
  close(): Promise<void>;
}

/** How to take the lease: the store, timing, and what to do if it is ever lost. */
export interface HoldLeaseOptions {
  readonly store: ServerLeaseStore;
  readonly log: Logger;
  /** Masked metadata URL, for messages. */
  readonly storeName: string;
  /** Who holds it, for people; default `<host> pid <pid>`. */
  readonly holder?: string;
  /** Lease time; renewed every third of it. Default SERVER_LEASE_TTL_MS. */
  readonly ttlMs?: number;
  /** Called once if another server took the lease over (this one stalled past its expiry). */
  readonly onLost: (holder: string) => void;
  /** Called when another server holds the lease and this one waits: who, and until when. */
  readonly onWaiting?: (holder: string, expiresAtMs: number) => void;
}

/**
 * Take the server lease on the metadata store. When another server holds it, wait one renewal
 * period: if that server renewed, it is alive and this fails with SKIFF_SERVER_DB_IN_USE; if not,
 * wait for its lease to expire (a server that was killed) and take it.
 */
export async function holdServerLease(options: HoldLeaseOptions): Promise<HeldLease> {
  const ttlMs = options.ttlMs ?? SERVER_LEASE_TTL_MS;
  const renewMs = Math.max(1, Math.floor(ttlMs / 3));
  const owner = randomUUID();
  let holder = options.holder ?? `${hostname()} pid ${process.pid}`;
  const ask = (): Promise<LeaseState> =>
    options.store.acquire({ name: SERVER_LEASE, owner, holder, nowMs: Date.now(), ttlMs });

  let state = await ask();
  if (!state.acquired) {
    const seen = state;
    options.onWaiting?.(seen.holder, seen.expiresAtMs);
    options.log.warn(
      { holder: seen.holder, expiresAt: new Date(seen.expiresAtMs).toISOString() },
      'the metadata store is leased by another server; checking whether it is still alive',
    );
    await sleep(renewMs + 1000);
    state = await ask();
    if (!state.acquired && state.expiresAtMs !== seen.expiresAtMs) throw inUse(options.storeName, state);
    while (!state.acquired) {
      await sleep(Math.max(100, state.expiresAtMs - Date.now() + 100));
      const previous = state.expiresAtMs;
      state = await ask();
      if (!state.acquired && state.expiresAtMs !== previous) throw inUse(options.storeName, state);
    }
    options.log.warn({}, 'took over the lease of a server that stopped renewing it');
  }

  let closed = false;
  let lost = false;
  let expiresAtMs = state.expiresAtMs;
  const timer = setInterval(() => {
    ask().then(
      (next) => {
        if (closed || lost) return;
        if (next.acquired) {
          expiresAtMs = next.expiresAtMs;
          return;
        }
        lost = true;
        options.log.error({ holder: next.holder }, 'lost the metadata store lease to another server');
        options.onLost(next.holder);
      },
      (error: unknown) => {
        // A store that is briefly down: keep trying; the lease outlives a few missed renewals.
        options.log.warn(
          { err: error, expiresAt: new Date(expiresAtMs).toISOString() },
          'lease renewal failed',
        );
      },
    );
  }, renewMs);
  timer.unref();
  return {
    describe(text) {
      holder = text;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      if (!lost) await options.store.release(SERVER_LEASE, owner);
    },
  };
}

function inUse(storeName: string, state: LeaseState & { acquired: false }): SkiffError {
  return new SkiffError(
    'SKIFF_SERVER_DB_IN_USE',
    `metadata store ${storeName} is in use by another skiff server (${state.holder}), which renewed its lease until ${new Date(state.expiresAtMs).toISOString()}`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
