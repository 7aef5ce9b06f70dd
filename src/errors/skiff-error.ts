import { ERROR_CODES, type ErrorCode } from './codes.js';
import type { FailureKind } from './failure-kind.js';

/** Options for a SkiffError beyond its code and message. */
export interface SkiffErrorOptions {
  /** How to fix it; defaults to the registry's fix for the code. */
  readonly fix?: string;
  /** Where in the input the problem is, e.g. `root.dag.tasks.add.inputs.parameters.a`. */
  readonly location?: string;
  /** Failure kind when this error ends an attempt; defaults to the registry's kind. */
  readonly kind?: FailureKind;
  readonly cause?: unknown;
}

/** An error a user can cause or act on: a stable code, what went wrong, where, and the fix. */
export class SkiffError extends Error {
  readonly code: ErrorCode;
  readonly fix: string;
  readonly location: string | undefined;
  readonly kind: FailureKind;

  constructor(code: ErrorCode, message: string, options: SkiffErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SkiffError';
    this.code = code;
    this.fix = options.fix ?? ERROR_CODES[code].fix;
    this.location = options.location;
    this.kind = options.kind ?? ERROR_CODES[code].kind;
  }

  /** Exit code for the CLI: 2 for bad input, 1 otherwise. */
  get exitCode(): number {
    return ERROR_CODES[this.code].badInput ? 2 : 1;
  }

  /** One-line-plus-fix rendering for terminals and logs. */
  format(): string {
    const where = this.location ? ` (at ${this.location})` : '';
    return `${this.code}: ${this.message}${where}\n  fix: ${this.fix}`;
  }
}

/** True when `value` is a SkiffError (also across module copies). */
export function isSkiffError(value: unknown): value is SkiffError {
  return value instanceof SkiffError;
}
