import type { RetryPolicy } from '../ir/types.js';

/** Maximum number of attempts of a task: `maxRetryCount + 1`, or 1 without a policy. */
export function maxAttempts(policy: RetryPolicy | undefined): number {
  return policy ? Math.max(0, Math.floor(policy.maxRetryCount)) + 1 : 1;
}

/** Delay before retry `k` (k ≥ 1): `backoffDuration × backoffFactor^(k−1)`, in milliseconds. */
export function retryDelayMs(policy: RetryPolicy, k: number): number {
  const factor = policy.backoffFactor > 0 ? policy.backoffFactor : 1;
  return Math.max(0, policy.backoffSeconds * factor ** (k - 1) * 1000);
}

/**
 * When the next attempt may start, or null when no retry is allowed: after `attemptsMade` attempts
 * (the first started at `firstStartMs`, the last ended at `nowMs`), retries stop at `maxRetryCount`
 * and no retry starts later than `backoffMaxDuration` after the first attempt started.
 */
export function nextRetryAtMs(
  policy: RetryPolicy | undefined,
  attemptsMade: number,
  firstStartMs: number,
  nowMs: number,
): number | null {
  if (!policy || attemptsMade >= maxAttempts(policy)) return null;
  const at = nowMs + retryDelayMs(policy, attemptsMade);
  const windowEndMs = firstStartMs + policy.backoffMaxSeconds * 1000;
  if (policy.backoffMaxSeconds > 0 && at > windowEndMs) return null;
  return at;
}
