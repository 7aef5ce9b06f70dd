import type { SkiffError } from '../../errors/index.js';
import type { S3Failure } from './s3-errors.js';

/** First retry delay ceiling; each later retry doubles it. */
export const RETRY_BASE_MS = 200;
/** Largest retry delay ceiling. */
export const RETRY_CAP_MS = 5_000;

/**
 * Delay before the retry that follows failed attempt `failedAttempt` (from 1): exponential
 * backoff with full jitter, uniform in [0, min(capMs, baseMs × 2^(failedAttempt−1))).
 */
export function retryDelayMs(
  failedAttempt: number,
  random: () => number = Math.random,
  baseMs = RETRY_BASE_MS,
  capMs = RETRY_CAP_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/** What {@link retryTransient} needs besides the action. */
export interface RetryLoop {
  readonly maxAttempts: number;
  readonly budgetMs: number;
  /** False for a body that cannot be sent twice (a caller's stream): one attempt only. */
  readonly replayable: boolean;
  /** Turn a thrown error into a classified failure. */
  classify(error: unknown): Promise<S3Failure>;
  /** The error to throw when attempts or budget run out after transient failures. */
  exhausted(attempts: number, elapsedMs: number, last: S3Failure): SkiffError;
  onRetry?(attempt: number, delayMs: number, error: SkiffError): void;
  random?: () => number;
}

/**
 * Run `action` until it succeeds, a failure is not transient, `maxAttempts` is reached, or the next
 * delay would end past `budgetMs` from the start. Throws the classified SkiffError.
 */
export async function retryTransient<T>(
  loop: RetryLoop,
  action: (attempt: number) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      const failure = await loop.classify(error);
      if (!failure.transient || !loop.replayable) throw failure.error;
      const delayMs = retryDelayMs(attempt, loop.random);
      const elapsedMs = performance.now() - started;
      if (attempt >= loop.maxAttempts || elapsedMs + delayMs > loop.budgetMs) {
        throw loop.exhausted(attempt, Math.round(elapsedMs), failure);
      }
      loop.onRetry?.(attempt, delayMs, failure.error);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
