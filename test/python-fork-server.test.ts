import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalProcessExecutor } from '../src/executors/local/index.js';
import type { ProcessSpec } from '../src/launcher/process-executor.js';
import { PYTHON_RUNTIME_DIR } from '../src/services.js';

const python = (() => {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim();
  } catch {
    return undefined;
  }
})();

/** Alive and not a zombie (an orphan's zombie may wait for a PID 1 that does not reap). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

const executor = new LocalProcessExecutor({
  pythonForkServer: { runtimePath: PYTHON_RUNTIME_DIR },
  killGraceMs: 300,
});
afterAll(() => executor.close());

function task(
  source: string,
  fn: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<ProcessSpec> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-fork-'));
  const module = join(dir, 'component.py');
  writeFileSync(
    module,
    `import kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n${source}\n`,
  );
  const executorInput = {
    inputs: { parameterValues: inputs },
    outputs: {
      parameters: { Output: { outputFile: join(dir, 'Output') } },
      outputFile: join(dir, 'executor_output.json'),
    },
  };
  const spec: ProcessSpec = {
    command: python!,
    args: [
      '-m',
      'kfp.dsl.executor_main',
      '--component_module_path',
      module,
      '--executor_input',
      JSON.stringify(executorInput),
      '--function_to_execute',
      fn,
    ],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONPATH: PYTHON_RUNTIME_DIR, GREETING: 'hi' },
    cwd: dir,
    logPath: join(dir, 'logs', 'attempt-1.log'),
    signal: new AbortController().signal,
    ...extra,
  };
  return {
    dir,
    spec,
    output: () => JSON.parse(readFileSync(join(dir, 'executor_output.json'), 'utf8')),
    log: () => readFileSync(spec.logPath, 'utf8'),
  };
}

describe.skipIf(!python)('Python fork server (python3 is needed)', () => {
  it('runs a component as a fresh interpreter would: outputs, environment, working directory, log', async () => {
    const t = task(
      'def add(a: int, b: int) -> int:\n    import os\n    print("env", os.environ["GREETING"], "cwd", os.getcwd())\n    return a + b',
      'add',
      { a: 1, b: 2 },
    );
    const result = await executor.run(t.spec);
    expect(result).toEqual({ kind: 'exited', exitCode: 0 });
    expect(t.output()).toEqual({ parameterValues: { Output: 3 } });
    expect(t.log()).toContain(`env hi cwd ${t.dir}`);
  });

  it('reports sys.exit codes and exceptions (traceback in the log) like a fresh process', async () => {
    const exits = task('def f():\n    import sys\n    sys.exit(3)', 'f');
    expect(await executor.run(exits.spec)).toEqual({ kind: 'exited', exitCode: 3 });
    const raises = task('def f():\n    raise RuntimeError("boom on purpose")', 'f');
    expect(await executor.run(raises.spec)).toEqual({ kind: 'exited', exitCode: 1 });
    expect(raises.log()).toMatch(/Traceback[\s\S]*RuntimeError: boom on purpose/);
  });

  it('isolates tasks: module state set by one task is not seen by the next', async () => {
    const first = task('def f():\n    import json\n    json.SKIFF_MARK = 1', 'f');
    expect(await executor.run(first.spec)).toEqual({ kind: 'exited', exitCode: 0 });
    const second = task('def f():\n    import json\n    assert not hasattr(json, "SKIFF_MARK")', 'f');
    expect(await executor.run(second.spec)).toEqual({ kind: 'exited', exitCode: 0 });
  });

  it('runs tasks that arrive together, on warm spares and on children forked for them', async () => {
    const tasks = Array.from({ length: 12 }, (_, i) =>
      task('def f(i: int) -> int:\n    return i * 2', 'f', { i }),
    );
    const results = await Promise.all(tasks.map((t) => executor.run(t.spec)));
    expect(results).toEqual(tasks.map(() => ({ kind: 'exited', exitCode: 0 })));
    expect(tasks.map((t) => t.output().parameterValues.Output)).toEqual(tasks.map((_, i) => i * 2));
  });

  it('reports the exit code of a task that leaves through os._exit', async () => {
    const t = task('def f():\n    import os\n    os._exit(7)', 'f');
    expect(await executor.run(t.spec)).toEqual({ kind: 'exited', exitCode: 7 });
  });

  it('cancels a running task by terminating its process group', async () => {
    const controller = new AbortController();
    const t = task(
      'def f():\n    import os, subprocess, time\n    p = subprocess.Popen(["sleep", "30"])\n    open("child.pid", "w").write(str(p.pid))\n    time.sleep(30)',
      'f',
      {},
      { signal: controller.signal },
    );
    const running = executor.run(t.spec);
    for (let i = 0; i < 100 && !existsSync(join(t.dir, 'child.pid')); i++)
      await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(await running).toEqual({ kind: 'canceled' });
    const pid = Number(readFileSync(join(t.dir, 'child.pid'), 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false);
  });

  it('times out a task that runs too long', async () => {
    const t = task('def f():\n    import time\n    time.sleep(30)', 'f', {}, { timeoutMs: 300 });
    expect(await executor.run(t.spec)).toEqual({ kind: 'timeout' });
  });

  it('starts fresh processes for commands it does not serve (another runtime on PYTHONPATH)', async () => {
    const t = task('def f() -> int:\n    return 7', 'f');
    const spec = {
      ...t.spec,
      env: { ...t.spec.env, PYTHONPATH: PYTHON_RUNTIME_DIR.replace(/python$/, 'python/') },
    };
    expect(await executor.run(spec)).toEqual({ kind: 'exited', exitCode: 0 });
    expect(t.output()).toEqual({ parameterValues: { Output: 7 } });
  });
});
