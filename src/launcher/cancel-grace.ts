import { SkiffError } from '../errors/index.js';

/**
 * How long the launcher still waits for an attempt's storage calls once the attempt is canceled,
 * in milliseconds (one deadline for all of them): an upload to an endpoint that stopped answering,
 * or a file-system call on a hung mount, must not keep a canceled run alive.
 */
export const CANCEL_STORAGE_GRACE_MS = 3_000;

/** Waits for one attempt's storage calls, and stops waiting CANCEL_STORAGE_GRACE_MS after a cancel. */
export class CancelGrace {
  private deadlineMs: number | undefined;
  /** What was given up on, in order (for the log). */
  readonly abandoned: string[] = [];

  constructor(
    private readonly signal: AbortSignal,
    private readonly graceMs = CANCEL_STORAGE_GRACE_MS,
  ) {}

  /**
   * The result of `call` (`what` names it: "the upload of output artifacts"); once the attempt is
   * canceled and the grace has passed, SKIFF_EXEC_CANCELED saying what did not return. The call
   * itself is left to end by its own timeouts. A call that had nothing to wait for (a value, not a
   * promise) is its own result: no listener on the signal for it.
   */
  wait<T>(what: string, call: T | Promise<T>): Promise<T> {
    if (!(call instanceof Promise)) return Promise.resolve(call);
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        this.deadlineMs ??= performance.now() + this.graceMs;
        timer = setTimeout(
          () => {
            this.abandoned.push(what);
            reject(
              new SkiffError(
                'SKIFF_EXEC_CANCELED',
                `the attempt was canceled; ${what} did not return within ${this.graceMs / 1000} s of the cancel, so Skiff stopped waiting for it`,
                {
                  fix: 'Check the storage the pipeline root names (an endpoint that accepts connections but does not answer, or a hung mount).',
                },
              ),
            );
          },
          Math.max(0, this.deadlineMs - performance.now()),
        );
      };
      if (this.signal.aborted) onAbort();
      else this.signal.addEventListener('abort', onAbort, { once: true });
      call.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onAbort);
      });
    });
  }
}
