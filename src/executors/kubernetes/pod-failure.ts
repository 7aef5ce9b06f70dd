import { ERROR_CODES, type ErrorCode, type FailureKind } from '../../errors/index.js';

/** How an attempt's pod failed: the attempt's failure kind, Skiff's code, a message that starts with the code, the main exit code. */
export interface PodFailure {
  readonly kind: 'failed';
  readonly failureKind: FailureKind;
  readonly code: ErrorCode;
  readonly message: string;
  readonly exitCode: number | null;
}

/** A PodFailure with the registry's kind for `code` and message `CODE: what; fix: FIX` (the registry's fix unless given). */
export function podFailure(
  code: ErrorCode,
  what: string,
  exitCode: number | null = null,
  fix?: string,
): PodFailure {
  const info = ERROR_CODES[code];
  return {
    kind: 'failed',
    failureKind: info.kind,
    code,
    message: `${code}: ${what}; fix: ${fix ?? info.fix}`,
    exitCode,
  };
}
