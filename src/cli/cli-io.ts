import { isSkiffError } from '../errors/index.js';
import { unexpectedDiskFull } from '../local-fs/index.js';

/** The outside world of one CLI invocation (injected so tests can run commands in-process). */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: { write(text: string): void; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): void };
  /** Aborted on Ctrl-C / SIGTERM: the running run is canceled. */
  readonly signal: AbortSignal;
}

/** Exit codes: 0 succeeded, 1 failed, 2 bad input, 130 canceled. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, canceled: 130 } as const;

/** Print an error the way users read it: code, message, location, fix; no stack for Skiff errors. */
export function reportError(io: CliIo, reported: unknown): number {
  // A full disk the code below did not expect is still the user's to fix, not a bug.
  const error = unexpectedDiskFull(reported) ?? reported;
  if (isSkiffError(error)) {
    io.stderr.write(`error ${error.format()}\n`);
    return error.exitCode;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `error SKIFF_INTERNAL: ${text}\n  fix: this is a bug in Skiff; please report it with the command you ran.\n`,
  );
  return EXIT.failed;
}
