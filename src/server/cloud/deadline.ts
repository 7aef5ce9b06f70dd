/**
 * `work`'s outcome, or `onTimeout()` once `ms` milliseconds have passed, whichever comes first: a
 * guard that settles even when `work` never does. The timer does not keep the process alive.
 */
export function settleWithin<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
