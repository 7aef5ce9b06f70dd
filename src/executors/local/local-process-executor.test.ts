import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const helpers = [
  { helper: 'the Node spawner', options: {} },
  { helper: 'the Python (posix_spawn) spawner', options: { spawnerPython: 'python3' } },
];

describe.each(helpers)('LocalProcessExecutor through $helper', ({ options }) => {
  const executor = new LocalProcessExecutor({ killGraceMs: 300, ...options });
  afterAll(() => executor.close());

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

  it('gives every process /dev/null as stdin, so a read ends at once', async () => {
    const specs = [0, 1, 2].map((i) =>
      shell('cat; readlink /proc/self/fd/0 2>/dev/null || echo /dev/null', {
        logPath: path.join(dir, 'logs', `stdin-${i}.log`),
      }),
    );
    const results = await Promise.all(specs.map((spec) => executor.run({ ...spec, timeoutMs: 5000 })));
    expect(results).toEqual(specs.map(() => ({ kind: 'exited', exitCode: 0 })));
    for (const spec of specs) expect(await fs.readFile(spec.logPath, 'utf8')).toBe('/dev/null\n');
  });

  it('gives each process its own environment when requests alternate between shared ones', async () => {
    const one = { PATH: process.env.PATH ?? '', WHICH: 'one' };
    const two = { PATH: process.env.PATH ?? '', WHICH: 'two' };
    const sameAsOne = { ...one };
    const order = [one, one, two, one, sameAsOne, two, two];
    const logs = order.map((_, i) => path.join(dir, 'logs', `env-${i}.log`));
    for (const [i, env] of order.entries())
      await executor.run(shell('echo $WHICH', { env, logPath: logs[i]! }));
    const seen = await Promise.all(logs.map(async (log) => (await fs.readFile(log, 'utf8')).trim()));
    expect(seen).toEqual(order.map((env) => env.WHICH));
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

  it('ends what a process left running in its group once it exits', async () => {
    const pidFile = path.join(dir, 'left.pid');
    const outcome = await executor.run(shell(`sleep 1000 & echo $! > ${pidFile}`));
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0 });
    const leftPid = Number((await fs.readFile(pidFile, 'utf8')).trim());
    await waitFor(() => !alive(leftPid));
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

  it('gives the process default signal handling (a closed pipe ends it quietly)', async () => {
    const spec = shell('yes | head -n 1');
    expect(await executor.run(spec)).toEqual({ kind: 'exited', exitCode: 0 });
    expect(await fs.readFile(spec.logPath, 'utf8')).toBe('y\n');
  });

  it.skipIf(!existsSync('/proc/self/fd'))("does not hand the engine's channel to the process", async () => {
    const spec = shell('if [ -e /proc/$$/fd/3 ]; then echo leaked; else echo closed; fi');
    await executor.run(spec);
    expect(await fs.readFile(spec.logPath, 'utf8')).toBe('closed\n');
  });

  it('runs an executable script without a #! line with sh, as execvp does', async () => {
    const script = path.join(dir, 'plain-script');
    await fs.writeFile(script, 'echo from-script\n', { mode: 0o755 });
    const spec = { ...shell(''), command: script, args: [] };
    expect(await executor.run(spec)).toEqual({ kind: 'exited', exitCode: 0 });
    expect(await fs.readFile(spec.logPath, 'utf8')).toBe('from-script\n');
  });

  it('reports an argument holding a NUL byte as a spawn error, and keeps starting processes', async () => {
    const result = await executor.run(shell('echo "$0"', { args: ['-c', 'echo "$0"', 'a\u0000b'] }));
    expect(result).toMatchObject({ kind: 'spawn-error', notFound: false });
    expect(await executor.run(shell('exit 5'))).toEqual({ kind: 'exited', exitCode: 5 });
  });

  it('reports a missing working directory as a spawn error that names it', async () => {
    const result = await executor.run(shell('true', { cwd: path.join(dir, 'gone') }));
    expect(result).toMatchObject({ kind: 'spawn-error', notFound: false });
    if (result.kind === 'spawn-error') expect(result.message).toContain('gone" does not exist');
  });
});

describe('LocalProcessExecutor with a Python spawner', () => {
  it.skipIf(!existsSync('/proc/self/cmdline'))('starts processes from the Python helper', async () => {
    const executor = new LocalProcessExecutor({ spawnerPython: 'python3' });
    try {
      const spec = shell('tr "\\0" " " < /proc/$PPID/cmdline');
      await executor.run(spec);
      expect(await fs.readFile(spec.logPath, 'utf8')).toContain('runtime/spawner.py');
    } finally {
      executor.close();
    }
  });
});

describe('the interpreter the Python spawner runs on', () => {
  it("is reported as the helper's sys.executable, the path a pyenv-style shim leads to", async () => {
    const executor = new LocalProcessExecutor({ spawnerPython: 'python3' });
    try {
      const executable = await executor.pythonExecutable();
      expect(executable).toBeDefined();
      const real = await fs.realpath(executable!);
      // The helper is the interpreter it names: that process's /proc/PID/exe.
      const spec = shell('readlink /proc/$PPID/exe');
      await executor.run(spec);
      expect((await fs.readFile(spec.logPath, 'utf8')).trim()).toBe(real);
    } finally {
      executor.close();
    }
  });

  it('is unknown (undefined) when processes start from the Node helper', async () => {
    for (const options of [{}, { spawnerPython: path.join(os.tmpdir(), 'no-such-python-here') }]) {
      const executor = new LocalProcessExecutor(options);
      try {
        await expect(executor.pythonExecutable()).resolves.toBeUndefined();
      } finally {
        executor.close();
      }
    }
  });
});

describe('LocalProcessExecutor with a Python spawner that cannot run', () => {
  it.each([
    ['an interpreter that does not exist', path.join(os.tmpdir(), 'no-such-python-here')],
    ['a program that exits before the helper is ready', 'false'],
  ])('starts processes through the Node spawner instead: %s', async (_, python) => {
    const executor = new LocalProcessExecutor({ spawnerPython: python });
    try {
      const spec = shell('echo fine');
      const results = await Promise.all([executor.run(spec), executor.run(shell('exit 4'))]);
      expect(results).toEqual([
        { kind: 'exited', exitCode: 0 },
        { kind: 'exited', exitCode: 4 },
      ]);
      expect(await fs.readFile(spec.logPath, 'utf8')).toBe('fine\n');
    } finally {
      executor.close();
    }
  });
});

describe('the interpreter remembered for the Python spawner', () => {
  /** A stand-in for a pyenv shim: notes each start in `starts`, then runs the real interpreter. */
  async function countingShim(real: string): Promise<{ shim: string; starts: () => Promise<number> }> {
    const shim = path.join(dir, 'python3-shim');
    const starts = path.join(dir, 'starts');
    await fs.writeFile(shim, `#!/bin/sh\necho x >> '${starts}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const count = async () => (await fs.readFile(starts, 'utf8').catch(() => '')).split('\n').length - 1;
    return { shim, starts: count };
  }

  let runs = 0;
  async function runOnce(executor: LocalProcessExecutor): Promise<string> {
    runs++;
    const spec = shell('readlink /proc/$PPID/exe', { logPath: path.join(dir, 'logs', `run-${runs}.log`) });
    try {
      expect(await executor.run(spec)).toEqual({ kind: 'exited', exitCode: 0 });
      return (await fs.readFile(spec.logPath, 'utf8')).trim();
    } finally {
      executor.close();
    }
  }

  it.skipIf(!existsSync('/proc/self/exe'))(
    'starts later helpers on the real interpreter the configured one led to, without starting that one again',
    async () => {
      const probe = new LocalProcessExecutor({ spawnerPython: 'python3' });
      const real = (await probe.pythonExecutable())!;
      probe.close();
      const { shim, starts } = await countingShim(real);
      const file = path.join(dir, 'remembered', 'spawner-python.json');
      const first = new LocalProcessExecutor({ spawnerPython: shim, spawnerPythonFile: file });
      await expect(first.pythonExecutable()).resolves.toBe(real);
      const firstExe = await runOnce(first);
      expect(await starts()).toBe(1);
      await waitFor(() => existsSync(file));

      const second = new LocalProcessExecutor({ spawnerPython: shim, spawnerPythonFile: file });
      // The configured interpreter's answer is not the helper's now: it must be asked of it.
      await expect(second.pythonExecutable()).resolves.toBeUndefined();
      expect(await runOnce(second)).toBe(firstExe);
      expect(await starts()).toBe(1);

      // Another configured interpreter does not use what was remembered for this one.
      const other = new LocalProcessExecutor({ spawnerPython: 'python3', spawnerPythonFile: file });
      await expect(other.pythonExecutable()).resolves.toBe(real);
      other.close();
    },
  );

  it('forgets a remembered interpreter that no longer runs the helper, and starts on the configured one', async () => {
    const file = path.join(dir, 'spawner-python.json');
    const broken = path.join(dir, 'broken-python');
    await fs.writeFile(broken, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    await fs.writeFile(file, JSON.stringify({ interpreter: 'python3', executable: broken }));
    const executor = new LocalProcessExecutor({ spawnerPython: 'python3', spawnerPythonFile: file });
    // The Node helper takes over for this run.
    await runOnce(executor);
    await waitFor(() => !existsSync(file) || !readFileSync(file, 'utf8').includes(broken));
    const next = new LocalProcessExecutor({ spawnerPython: 'python3', spawnerPythonFile: file });
    await expect(next.pythonExecutable()).resolves.toBeDefined();
    next.close();
  });
});
