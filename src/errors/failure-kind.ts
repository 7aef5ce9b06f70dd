/** Why an attempt (or a run step) failed; retryability is data, not string matching. */
export type FailureKind = 'USER' | 'SYSTEM' | 'TIMEOUT' | 'CANCELED';

/** Every failure kind but CANCELED is retried by a task's retryPolicy (DESIGN.md "Retries"). */
export function isRetryable(kind: FailureKind): boolean {
  return kind !== 'CANCELED';
}
