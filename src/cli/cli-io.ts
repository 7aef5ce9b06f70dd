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

/** The `--json` shape of an error that ended a command: `{"error": {code, message, location?, fix}}`. */
export interface ErrorJson {
  readonly error: { code: string; message: string; location?: string; fix: string };
}

const BUG_FIX = 'this is a bug in Skiff; please report it with the command you ran.';

/**
 * Print an error the way users read it: code, message, location, fix; no stack for Skiff errors.
 * When the command was given `--json`, the same error is also printed on stdout as one JSON object
 * (ErrorJson), so a script reading stdout gets JSON whatever happened.
 */
export function reportError(io: CliIo, reported: unknown): number {
  // A full disk the code below did not expect is still the user's to fix, not a bug.
  const error = unexpectedDiskFull(reported) ?? reported;
  const json = jsonAsked(io.argv);
  if (isSkiffError(error)) {
    io.stderr.write(`error ${error.format()}\n`);
    if (json) {
      const location = error.location === undefined ? {} : { location: error.location };
      writeJson(io, { error: { code: error.code, message: error.message, ...location, fix: error.fix } });
    }
    return error.exitCode;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`error SKIFF_INTERNAL: ${text}\n  fix: ${BUG_FIX}\n`);
  if (json) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    writeJson(io, { error: { code: 'SKIFF_INTERNAL', message, fix: BUG_FIX } });
  }
  return EXIT.failed;
}

/** True when `--json` is among the options (before a `--` that ends them). */
function jsonAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

function writeJson(io: CliIo, value: ErrorJson): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}
