import type { ErrorCode, SkiffError } from '../errors/index.js';

/** Outcome of one check: `fail` makes `skiff doctor` exit 1; `warn` and `skip` do not. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One line of the doctor report. */
export interface DoctorCheck {
  /** What was checked: `config`, `metadata`, `storage dns`, `storage bucket`, `python`, ... */
  readonly name: string;
  /** The object checked: a file, URL, endpoint or interpreter. */
  readonly target: string;
  readonly status: CheckStatus;
  /** What was found (a version, a timing, the error message). */
  readonly detail: string;
  /** How to fix a failure or warning. */
  readonly fix?: string;
  /** Registry code of the failure. */
  readonly code?: ErrorCode;
  /** How long the check took, in milliseconds. */
  readonly durationMs?: number;
}

/** The whole report: `ok` is false when any check failed. */
export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

/** A failed check made from a Skiff error: its message as detail, its code and fix. */
export function failedCheck(
  name: string,
  target: string,
  error: SkiffError,
  durationMs?: number,
): DoctorCheck {
  return {
    name,
    target,
    status: 'fail',
    detail: error.message,
    fix: error.fix,
    code: error.code,
    ...(durationMs === undefined ? {} : { durationMs }),
  };
}

/** Time an async step in milliseconds. */
export async function timed<T>(step: () => Promise<T>): Promise<{ value: T; durationMs: number }> {
  const started = performance.now();
  const value = await step();
  return { value, durationMs: Math.round(performance.now() - started) };
}
