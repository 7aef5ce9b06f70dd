import type { AttemptOutcome } from '../../engine/ports.js';
import type { AttemptFailure } from '../../launcher/attempt-failure.js';

/** A failed attempt's outcome (no log yet) from a launcher-style failure. */
export function asOutcome(f: AttemptFailure): AttemptOutcome {
  return { ok: false, kind: f.kind, message: f.message, exitCode: f.exitCode, logUri: null };
}

/** The outcome of an attempt whose pod was deleted because its run was canceled. */
export function canceled(logUri: string | null): AttemptOutcome {
  return {
    ok: false,
    kind: 'CANCELED',
    message: 'SKIFF_EXEC_CANCELED: the attempt was canceled; its pod was deleted',
    exitCode: null,
    logUri,
  };
}
