/** How the message of an attempt lost to a crash of Skiff starts (its failure kind is SYSTEM). */
export const LOST_PREFIX = 'SKIFF_EXEC_LOST';

/**
 * True for an attempt whose process vanished with Skiff (recorded on resume): the engine does not
 * count it against the task's retry policy, so reports must not either.
 */
export function isLostAttempt(attempt: { readonly message: string | null }): boolean {
  return attempt.message?.startsWith(LOST_PREFIX) ?? false;
}
