import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runCli, SKIFF_BIN, tempHome } from './support/cli.js';
import { marked, noneLeft } from './support/marked-processes.js';
import { underTerminal as onTerminal, type PtyResult } from './support/terminal.js';

const SCRIPT =
  'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main                         --component_module_path                         "$program_path/ephemeral_component.py"                         "$@"\n';

/** `skiff ARGS` on a terminal with `home` and the process mark; Ctrl-C once `waitFor` shows. */
function underTerminal(
  args: readonly string[],
  home: string,
  mark: string,
  waitFor: string,
): Promise<PtyResult> {
  return onTerminal(args, { SKIFF_HOME: home, CTRL_C_MARK: mark }, waitFor);
}

/** A shell task and a Python task that each sleep, writing a line once they run. */
function sleepers(home: string, seconds: number): string {
  const python =
    '\nimport kfp\nfrom kfp import dsl\n\ndef nap() -> str:\n    import time\n' +
    `    open(${JSON.stringify(join(home, 'py-started'))}, 'w').write('x')\n    time.sleep(${seconds})\n    return 'rested'\n`;
  const spec = {
    pipelineInfo: { name: 'sleepers' },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.3',
    components: {
      'comp-shell': { executorLabel: 'exec-shell' },
      'comp-py': {
        executorLabel: 'exec-py',
        outputDefinitions: { parameters: { Output: { parameterType: 'STRING' } } },
      },
    },
    deploymentSpec: {
      executors: {
        'exec-shell': {
          container: {
            image: 'alpine',
            command: ['sh', '-c', `touch ${join(home, 'sh-started')}; sleep ${seconds}`],
          },
        },
        'exec-py': {
          container: {
            image: 'python:3.11',
            command: ['sh', '-ec', SCRIPT, python],
            args: ['--executor_input', '{{$}}', '--function_to_execute', 'nap'],
          },
        },
      },
    },
    root: {
      dag: {
        tasks: {
          shell: { componentRef: { name: 'comp-shell' }, taskInfo: { name: 'shell' }, cachingOptions: {} },
          py: { componentRef: { name: 'comp-py' }, taskInfo: { name: 'py' }, cachingOptions: {} },
        },
      },
    },
  };
  const file = join(home, 'sleepers.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function runState(
  home: string,
): Promise<{ id: string; state: string; tasks: Array<{ state: string }> }> {
  const list = await runCli(['runs', 'list', '--json'], { home });
  const runs = JSON.parse(list.stdout) as Array<{ id?: string; run_id?: string }>;
  const id = runs[0]?.id ?? runs[0]?.run_id ?? '';
  const got = await runCli(['runs', 'get', id, '--json'], { home });
  const json = lastJson<{ state: string; tasks: Array<{ state: string }> }>(got.stdout);
  return { id, ...json };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitFor(check: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const tick = () =>
      check() ? resolve() : Date.now() > deadline ? reject(new Error('timed out')) : setTimeout(tick, 100);
    tick();
  });
}

describe('Ctrl-C typed in a terminal (SIGINT to the whole foreground process group)', () => {
  it('skiff run: exits 130, the run and its tasks CANCELED, no process left, no traceback', {
    timeout: 150_000,
  }, async () => {
    const home = tempHome('skiff-ctrl-c-');
    const mark = randomUUID();
    const file = sleepers(home, 60);
    const started = join(home, 'both-started');
    const watcher = waitFor(
      () => existsSync(join(home, 'sh-started')) && existsSync(join(home, 'py-started')),
      60_000,
    ).then(() => writeFileSync(started, ''));
    const result = await underTerminal(['run', file], home, mark, `file:${started}`);
    await watcher;
    expect(result.typed, result.output).toBe(true);
    expect(result.code, result.output).toBe(130);
    expect(result.output).not.toMatch(/Traceback|KeyboardInterrupt|SKIFF_EXEC_SPAWN|\n\s+at /);
    expect(await noneLeft(mark)).toEqual([]);
    const run = await runState(home);
    expect(run.state).toBe('CANCELED');
    expect(run.tasks.map((t) => t.state).sort()).toEqual(['CANCELED', 'CANCELED']);
  });

  it('skiff resume: exits 130 and cancels the resumed run, no process left', {
    timeout: 150_000,
  }, async () => {
    const home = tempHome('skiff-ctrl-c-');
    const mark = randomUUID();
    const file = sleepers(home, 60);
    // A run left RUNNING by a skiff killed with -9.
    const first = spawn(process.execPath, [SKIFF_BIN, 'run', file], {
      env: { ...process.env, SKIFF_HOME: home, CTRL_C_MARK: `${mark}-first` },
      stdio: 'ignore',
    });
    await waitFor(() => existsSync(join(home, 'sh-started')) && existsSync(join(home, 'py-started')), 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const { id } = await runState(home);
    const started = join(home, 'resumed');
    for (const name of ['sh-started', 'py-started']) writeFileSync(join(home, name), '');
    const resumedOnce = waitFor(() => marked(mark).some((p) => p.includes('sleep 60')), 60_000).then(() =>
      writeFileSync(started, ''),
    );
    const result = await underTerminal(['resume', id], home, mark, `file:${started}`);
    await resumedOnce;
    expect(result.code, result.output).toBe(130);
    expect(result.output).not.toMatch(/Traceback|KeyboardInterrupt|\n\s+at /);
    expect(await noneLeft(mark)).toEqual([]);
    expect(await noneLeft(`${mark}-first`)).toEqual([]);
    expect((await runState(home)).state).toBe('CANCELED');
  });

  it('skiff server: shuts down cleanly, no process left, and the next start resumes the run', {
    timeout: 180_000,
  }, async () => {
    const home = tempHome('skiff-ctrl-c-');
    const mark = randomUUID();
    const port = await freePort();
    const file = sleepers(home, 4);
    const trigger = join(home, 'stop-now');
    const server = underTerminal(['server', '--port', String(port)], home, mark, `file:${trigger}`);
    const base = `http://127.0.0.1:${port}/apis/v2beta1`;
    let created: { run_id: string } | undefined;
    for (let i = 0; i < 100 && !created; i++) {
      try {
        const response = await fetch(`${base}/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            display_name: 'nap',
            pipeline_spec: JSON.parse(readFileSync(file, 'utf8')),
          }),
        });
        if (response.ok) created = (await response.json()) as { run_id: string };
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(created).toBeDefined();
    await waitFor(() => existsSync(join(home, 'sh-started')) && existsSync(join(home, 'py-started')), 60_000);
    writeFileSync(trigger, '');
    const result = await server;
    expect(result.typed).toBe(true);
    expect([0, 130]).toContain(result.code);
    expect(result.output).not.toMatch(/Traceback|KeyboardInterrupt|\n\s+at /);
    expect(await noneLeft(mark)).toEqual([]);
    const left = await runState(home);
    expect(left.state).not.toBe('FAILED');
    // The next start resumes it to the end.
    const again = spawn(process.execPath, [SKIFF_BIN, 'server', '--port', String(port)], {
      env: { ...process.env, SKIFF_HOME: home },
      stdio: 'ignore',
    });
    try {
      let state = '';
      for (let i = 0; i < 300 && !['SUCCEEDED', 'FAILED', 'CANCELED'].includes(state); i++) {
        await new Promise((r) => setTimeout(r, 200));
        try {
          const response = await fetch(`${base}/runs/${created!.run_id}`);
          if (response.ok) state = ((await response.json()) as { state: string }).state;
        } catch {
          // not listening yet
        }
      }
      expect(state).toBe('SUCCEEDED');
    } finally {
      again.kill('SIGTERM');
      await new Promise((resolve) => again.once('exit', resolve));
    }
  });
});
