import { hostname } from 'node:os';
import { isHeld, RUN_LEASE_TTL_MS, runInUse, tryHoldRunLease } from '../server/run-lease.js';
import type { Services } from '../services.js';

/** A run this process executes: its lease, and a signal that aborts when someone asked it to stop. */
export interface HeldRun {
  /** Aborts when the run's stored state turns CANCELING (`:terminate` on a skiff server). */
  readonly stopAsked: AbortSignal;
  close(): Promise<void>;
}

/** How often a held run's stored state is read for a stop asked through a server. */
export const STOP_CHECK_MS = 1_000;

/**
 * Take the lease of run `runId` for this process (`command`: `skiff run`, `skiff resume`...), so
 * that a skiff server on the same store leaves the run alone while this process lives. Every
 * STOP_CHECK_MS the run's state is read (one row): a server asked to terminate it writes
 * CANCELING, and `stopAsked` aborts. SKIFF_RUN_IN_USE when another live process holds the run (with
 * `onWaiting`, once it renewed while this waited; a lease that was not renewed is waited out).
 */
export async function holdRun(
  services: Services,
  runId: string,
  command: string,
  /** Told when the run's lease is held and this waits to see whether its holder is alive. */
  onWaiting?: (holder: string, expiresAtMs: number) => void,
): Promise<HeldRun> {
  const stop = new AbortController();
  const checkStop = () => {
    services.metadata.runs.listStates([runId]).then(
      ([run]) => {
        if (run?.state === 'CANCELING') stop.abort(new Error('terminated through skiff server'));
      },
      () => undefined, // the store is briefly down: the next look tries again
    );
  };
  const take = () =>
    tryHoldRunLease({
      store: services.metadata.serverLeases,
      runId,
      holder: `${command} on ${hostname()} pid ${process.pid}`,
      log: services.log,
    });
  let lease = await take();
  if (!isHeld(lease) && onWaiting !== undefined) {
    // A process killed a moment ago (`kill -9`, then `skiff resume`) leaves its lease for up to its
    // lease time: wait one renewal period; if the holder renewed, it is alive and the run is in use.
    const seen = lease;
    onWaiting(seen.holder, seen.expiresAtMs);
    await sleep(RUN_LEASE_TTL_MS / 3 + 1000);
    lease = await take();
    while (!isHeld(lease) && lease.expiresAtMs === seen.expiresAtMs) {
      await sleep(Math.max(100, lease.expiresAtMs - Date.now() + 100));
      lease = await take();
    }
  }
  if (!isHeld(lease)) throw runInUse(runId, lease);
  const held = lease;
  // Does not keep the process alive: the run's own work does.
  const looks = setInterval(checkStop, STOP_CHECK_MS).unref();
  return {
    stopAsked: stop.signal,
    close: () => {
      clearInterval(looks);
      return held.close();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
