import fs from 'node:fs/promises';
import {
  ERROR_CODES,
  type ErrorCode,
  type FailureKind,
  isSkiffError,
  type SkiffError,
} from '../errors/index.js';

/** A failed attempt before its log is stored: the kind, the coded message and the exit code. */
export interface AttemptFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly exitCode: number | null;
}

/** A failure with message `CODE: what` and the registry's kind for the code. */
export function failure(
  code: ErrorCode,
  what: string,
  exitCode: number | null = null,
  kind?: FailureKind,
): AttemptFailure {
  return { kind: kind ?? ERROR_CODES[code].kind, message: `${code}: ${what}`, exitCode };
}

/** A failure from a SkiffError (its code, message and kind); other errors are SYSTEM, SKIFF_INTERNAL. */
export function failureFromError(error: unknown, exitCode: number | null = null): AttemptFailure {
  if (isSkiffError(error)) return fromSkiffError(error, exitCode);
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return failure('SKIFF_INTERNAL', reason, exitCode);
}

function fromSkiffError(error: SkiffError, exitCode: number | null): AttemptFailure {
  return { kind: error.kind, message: `${error.code}: ${error.message}; fix: ${error.fix}`, exitCode };
}

/** The last `lines` lines of a log file (at most the last 16 KiB), or '' if it cannot be read. */
export async function logTail(logPath: string, lines = 20): Promise<string> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(logPath, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 16 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return printable(buffer.toString('utf8')).replace(/\s+$/, '').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

/**
 * Log text made safe to show in a message, which terminals print: escape sequences (colours, a
 * window title, clearing the screen) removed, a carriage return ends a line, other control
 * characters become U+FFFD. `skiff logs` still shows the log as it is.
 */
export function printable(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '') // CSI: colours, cursor moves, clearing
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, '') // OSC: window titles, links
    .replace(/\x1b[@-_]?/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '\ufffd');
}

/**
 * Recognise, from the end of a failed process's log, a failure caused by something this machine
 * lacks that the task's image has: a command (a shell's "not found", exit 127), a Python module
 * (ModuleNotFoundError), a bash-only shell option (dash's "Illegal option"), or cloud storage (gsutil
 * refusing the run's file:// artifact URIs). Returns what is missing, or null.
 */
export function missingFromLog(tail: string, exitCode: number): string | null {
  if (exitCode === 127) {
    const command = /(?:^|\n)[^\n]*?([^\s:'"]+): (?:command )?not found\s*$/m.exec(tail);
    if (command) return `command "${command[1]}" is not on PATH on this machine`;
  }
  const module = /ModuleNotFoundError: No module named '([^']+)'/.exec(tail);
  if (module) return `Python module "${module[1]}" is not installed for the interpreter`;
  const option = /Illegal option (-o \w+|-\w)/.exec(tail);
  if (option)
    return `the script uses the shell option "${option[1]}", which /bin/sh on this machine lacks (the image's sh is bash)`;
  if (/does not support "file:\/\/" URLs/.test(tail)) {
    return "the command works only on cloud storage URLs, and this run's artifacts have file:// URIs (use a gs:// pipeline root)";
  }
  return null;
}
