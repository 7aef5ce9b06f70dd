import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI entry point (tests run after `npm run build`). */
export const SKIFF_BIN = join(REPO, 'bin', 'skiff.js');
/** KFP's compiled-pipeline corpus, when ../shared is present. */
export const CORPUS = join(REPO, '..', 'shared', 'kfp-corpus');

/** A fresh SKIFF_HOME for one test. */
export function tempHome(prefix = 'skiff-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Result of one CLI process. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run `skiff ARGS` as a real process with SKIFF_HOME=home; resolves when it exits. `wrap` is an
 * argv prefix that runs it (e.g. the network namespace of test/support/netns.ts); `unset` names
 * variables of this process's environment to leave out.
 */
export function runCli(
  args: readonly string[],
  options: {
    home: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    wrap?: readonly string[];
    unset?: readonly string[];
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const argv = [...(options.wrap ?? []), process.execPath, SKIFF_BIN, ...args];
    const env: Record<string, string | undefined> = {
      ...process.env,
      SKIFF_HOME: options.home,
      ...options.env,
    };
    for (const name of options.unset ?? []) delete env[name];
    const child = spawn(argv[0]!, argv.slice(1), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Parse the last JSON line of stdout (the `--json` result). */
export function lastJson<T = Record<string, unknown>>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}
