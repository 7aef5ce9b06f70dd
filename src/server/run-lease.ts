import { randomUUID } from 'node:crypto';
import type { Logger } from '../engine/index.js';
import { SkiffError } from '../errors/index.js';
import type { LeaseState, ServerLeaseStore } from '../metadata/index.js';

/**
 * Each run is executed by one process at a time: the one that holds its lease (`skiff run`, `skiff
 * resume`, `skiff retry` or `skiff server`) renews it while it executes the run. A server that
 * starts leaves the unfinished runs of a live `skiff run` alone, and takes one over only once its
 * lease expired (the process was killed).
 */
export const RUN_LEASE_TTL_MS = 15_000;

/** The lease's name in the store's lease table. */
export function runLeaseName(runId: string): string {
  return `run:${runId}`;
}

/** A held run lease, renewed in the background until closed. */
export interface HeldRunLease {
  /** Stop renewing and give the lease up. */
  close(): Promise<void>;
}

/** What to lease and for whom. */
export interface RunLeaseOptions {
  readonly store: ServerLeaseStore;
  readonly runId: string;
  /** Who holds it, for people: `skiff run on HOST pid N`. */
  readonly holder: string;
  readonly log: Logger;
  /** Lease time; renewed every third of it. Default RUN_LEASE_TTL_MS. */
  readonly ttlMs?: number;
}

/**
 * Take run `runId`'s lease and renew it until closed; resolves to the other holder (and until when
 * it renewed) when a live process holds it.
 */
export async function tryHoldRunLease(
  options: RunLeaseOptions,
): Promise<HeldRunLease | (LeaseState & { acquired: false })> {
  const ttlMs = options.ttlMs ?? RUN_LEASE_TTL_MS;
  const name = runLeaseName(options.runId);
  const owner = randomUUID();
  const ask = () => options.store.acquire({ name, owner, holder: options.holder, nowMs: Date.now(), ttlMs });
  const first = await ask();
  if (!first.acquired) return first;
  let closed = false;
  const timer = setInterval(
    () => {
      ask().then(
        (next) => {
          if (closed) return;
          if (!next.acquired) {
            options.log.error(
              { runId: options.runId, holder: next.holder },
              'another process took over the lease of a run this one executes',
            );
          }
        },
        (error: unknown) =>
          options.log.warn({ runId: options.runId, err: error }, 'run lease renewal failed'),
      );
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await options.store.release(name, owner).catch(() => undefined);
    },
  };
}

/** True for a held lease, false for the answer that another process holds it. */
export function isHeld(lease: HeldRunLease | LeaseState): lease is HeldRunLease {
  return 'close' in lease;
}

/** SKIFF_RUN_IN_USE for run `runId`, held by `state.holder`. */
export function runInUse(runId: string, state: LeaseState & { acquired: false }): SkiffError {
  return new SkiffError(
    'SKIFF_RUN_IN_USE',
    `run ${runId} is being executed by another process (${state.holder}), which renewed its lease until ${new Date(state.expiresAtMs).toISOString()}`,
  );
}
