import type { AttemptOutcome } from '../../engine/ports.js';
import type { FailureKind } from '../../errors/index.js';
import type { IoValues } from '../../metadata/records.js';

/** What the sidecar reports in its termination message: how the attempt ended, as far as the pod knows. */
export type PodOutcome =
  | { readonly ok: true; readonly outputs: IoValues; readonly logUri: string | null }
  | {
      readonly ok: false;
      readonly kind: FailureKind;
      readonly message: string;
      /** The main process's exit code (null: it never ran). */
      readonly exitCode: number | null;
      readonly logUri: string | null;
    }
  /** The outcome was too long for a termination message (4 KiB): it is stored at `uri`. */
  | { readonly stored: string };

/** Kubernetes keeps at most this many bytes of a termination message. */
export const TERMINATION_MESSAGE_MAX_BYTES = 4096;

const KINDS = new Set(['USER', 'SYSTEM', 'TIMEOUT', 'CANCELED']);

/** Parse a sidecar's termination message (or the stored outcome it points at); null when it is not one. */
export function parsePodOutcome(text: string): PodOutcome | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const value = json as Record<string, unknown>;
  if (typeof value.stored === 'string') return { stored: value.stored };
  const logUri = typeof value.logUri === 'string' ? value.logUri : null;
  if (value.ok === true && typeof value.outputs === 'object' && value.outputs !== null) {
    return { ok: true, outputs: value.outputs as IoValues, logUri };
  }
  if (value.ok === false && typeof value.message === 'string' && KINDS.has(value.kind as string)) {
    const exitCode = typeof value.exitCode === 'number' ? value.exitCode : null;
    return { ok: false, kind: value.kind as FailureKind, message: value.message, exitCode, logUri };
  }
  return null;
}

/** The attempt's outcome from a pod's reported one (never the `stored` pointer: resolve it first). */
export function attemptOutcomeOf(
  outcome: Exclude<PodOutcome, { stored: string }>,
  fallbackLogUri: string | null,
): AttemptOutcome {
  const logUri = outcome.logUri ?? fallbackLogUri;
  if (outcome.ok) return { ok: true, outputs: outcome.outputs, exitCode: 0, logUri };
  return { ok: false, kind: outcome.kind, message: outcome.message, exitCode: outcome.exitCode, logUri };
}

/** Where the sidecar stores an attempt's outcome: next to its log. */
export function outcomeUriOf(logUri: string): string {
  return `${logUri}.outcome.json`;
}
