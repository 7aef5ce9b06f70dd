import lockfile from 'proper-lockfile';

/** How long a lock whose holder stopped renewing it (killed, crashed) keeps others waiting. */
const STALE_MS = 10_000;
const POLL_MS = 200;

/** What `withEnvLock` ended with when `work` did not run. */
export type LockSkip = 'done' | 'aborted';

/**
 * Run `work` holding the lock of `target` (a directory `<target>.lock`, renewed every few seconds
 * while held, so a holder killed with -9 frees it after {@link STALE_MS}). While another process
 * holds it, poll `isDone` (the other process may finish the work) and answer 'done' when it says
 * so; 'aborted' when `signal` aborts first.
 */
export async function withEnvLock<T>(
  target: string,
  signal: AbortSignal,
  isDone: () => Promise<boolean>,
  work: () => Promise<T>,
): Promise<T | LockSkip> {
  for (;;) {
    if (signal.aborted) return 'aborted';
    let release: (() => Promise<void>) | undefined;
    try {
      release = await lockfile.lock(target, {
        stale: STALE_MS,
        realpath: false,
        retries: 0,
        // A lock taken over while held (this process stalled for 10 s) is harmless: publishing is
        // an atomic rename that fails when another build got there first.
        onCompromised: () => {},
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    if (release !== undefined) {
      try {
        return await work();
      } finally {
        await release().catch(() => {});
      }
    }
    if (await isDone()) return 'done';
    await sleep(POLL_MS, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
