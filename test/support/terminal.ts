import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SKIFF_BIN } from './cli.js';

const PTY_RUN = fileURLToPath(new URL('../fixtures/pty_run.py', import.meta.url));

/** How `skiff` ended on the terminal: exit code, what it printed, and whether Ctrl-C was typed. */
export interface PtyResult {
  code: number;
  output: string;
  typed: boolean;
}

/**
 * Run `skiff ARGS` on a pseudo-terminal (the foreground process group of a new terminal) and type
 * Ctrl-C one second after `waitFor` shows in its output (or `file:PATH` exists), as a person would:
 * the terminal sends SIGINT to the whole group, not to one pid.
 */
export function underTerminal(
  args: readonly string[],
  env: Record<string, string | undefined>,
  waitFor: string,
): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [PTY_RUN, waitFor, '90', '--', process.execPath, SKIFF_BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as PtyResult)),
    );
  });
}
