import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessSpec } from '../../launcher/process-executor.js';
import { LocalProcessExecutor } from './local-process-executor.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-exec-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function shell(script: string, extra: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    command: 'sh',
    args: ['-c', script],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    cwd: dir,
    logPath: path.join(dir, 'logs', 'attempt-1.log'),
    signal: new AbortController().signal,
    ...extra,
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LocalProcessExecutor', () => {
  const executor = new LocalProcessExecutor({ killGraceMs: 300 });

  it('reports the exit code, and appends stdout and stderr to one log file', async () => {
    const spec = shell('echo out; echo err >&2; exit 3');
    await fs.mkdir(path.dirname(spec.logPath), { recursive: true });
    await fs.writeFile(spec.logPath, 'before\n');
    expect(await executor.run(spec)).toEqual({ kind: 'exited', exitCode: 3 });
    expect(await fs.readFile(spec.logPath, 'utf8')).toBe('before\nout\nerr\n');
    expect(await executor.run(shell('true'))).toEqual({ kind: 'exited', exitCode: 0 });
  });

  it('passes exactly the given environment and working directory', async () => {
    const spec = shell('echo "$ONLY_THIS:$HOME:$(pwd)"', {
      env: { PATH: process.env.PATH ?? '', ONLY_THIS: 'v' },
    });
    await executor.run(spec);
    expect(await fs.readFile(spec.logPath, 'utf8')).toBe(`v::${await fs.realpath(dir)}\n`);
  });

  it('reports a missing command as a spawn error that names it and says it is not on PATH', async () => {
    const result = await executor.run({ ...shell(''), command: 'my_program', args: ['x'] });
    expect(result.kind).toBe('spawn-error');
    if (result.kind !== 'spawn-error') return;
    expect(result.notFound).toBe(true);
    expect(result.message).toContain('"my_program" is not on PATH');
  });

  it('makes the log readable while the process still runs', async () => {
    const controller = new AbortController();
    const spec = shell('echo started; sleep 10', { signal: controller.signal });
    const running = executor.run(spec);
    await waitFor(
      async () => existsSync(spec.logPath) && (await fs.readFile(spec.logPath, 'utf8')) === 'started\n',
    );
    controller.abort();
    expect(await running).toEqual({ kind: 'canceled' });
  });

  it('kills the whole process group, children included, on cancel', async () => {
    const controller = new AbortController();
    const pidFile = path.join(dir, 'child.pid');
    // The child ignores SIGTERM, so only the SIGKILL after the grace period stops it.
    const spec = shell(`sh -c 'trap "" TERM; echo $$ > ${pidFile}; while true; do sleep 0.05; done' & wait`, {
      signal: controller.signal,
    });
    const running = executor.run(spec);
    await waitFor(() => existsSync(pidFile));
    const childPid = Number((await fs.readFile(pidFile, 'utf8')).trim());
    expect(alive(childPid)).toBe(true);
    controller.abort();
    expect(await running).toEqual({ kind: 'canceled' });
    await waitFor(() => !alive(childPid));
  });

  it('times out a process that runs too long', async () => {
    const started = Date.now();
    expect(await executor.run(shell('sleep 10', { timeoutMs: 100 }))).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('does not start a process when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const spec = shell('echo ran', { signal: controller.signal });
    expect(await executor.run(spec)).toEqual({ kind: 'canceled' });
    expect(existsSync(spec.logPath)).toBe(false);
  });

  it('reports a process killed by a signal as 128 + the signal number', async () => {
    expect(await executor.run(shell('kill -9 $$'))).toEqual({ kind: 'exited', exitCode: 137 });
  });
});
