import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliResult, lastJson, runCli, SKIFF_BIN, tempHome } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

/** One task that counts its starts in `dir/started` and waits until `dir/gate` exists. */
function gatedRun(dir: string): string {
  const script = `echo started >> ${dir}/started; while [ ! -f ${dir}/gate ]; do sleep 0.05; done`;
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, pipeline('gated', { wait: { script } }, { tasks: { wait: task('wait') } }));
  return spec;
}

const starts = (dir: string) =>
  existsSync(join(dir, 'started')) ? readFileSync(join(dir, 'started'), 'utf8').trim().split('\n').length : 0;

/** `skiff run SPEC --json` as a child this test can kill; resolves with its result when it exits. */
function startRun(spec: string, home: string): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [SKIFF_BIN, 'run', spec, '--json'], {
    env: { ...process.env, SKIFF_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, result };
}

/** The only run of the store, as the server answers it. */
async function onlyRun(server: TestServer): Promise<{ run_id: string; state: string }> {
  const runs = (await callJson(server, 'GET', '/apis/v2beta1/runs')).json.runs as {
    run_id: string;
    state: string;
  }[];
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

const runState = async (server: TestServer, id: string) =>
  String((await callJson(server, 'GET', `/apis/v2beta1/runs/${id}`)).json.state);

describe('one process per run: `skiff run` and `skiff server` on one store', () => {
  let server: TestServer | undefined;
  let children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    children = [];
    await server?.close();
    server = undefined;
  });

  /** A home (with a server on it first, if `withServer`) and `skiff run` of the gated task, started. */
  async function runningGated(withServer: boolean) {
    const home = tempHome();
    const dir = mkdtempSync(join(tmpdir(), 'skiff-lease-'));
    if (withServer) server = await startTestServer({}, { home });
    const run = startRun(gatedRun(dir), home);
    children.push(run.child);
    await waitFor('the task to start', async () => (starts(dir) === 1 ? true : undefined), 30_000);
    return { home, dir, run };
  }

  it('a server that starts while `skiff run` executes a run leaves it alone; the run ends as `skiff run` says', async () => {
    const { home, dir, run } = await runningGated(false);
    server = await startTestServer({}, { home });
    const { run_id: id } = await onlyRun(server);
    // Before, the server resumed the run at once: it started the task a second time and
    // terminated the first, and the run ended FAILED (exit 143).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(starts(dir)).toBe(1);
    expect(await runState(server, id)).toBe('RUNNING');
    writeFileSync(join(dir, 'gate'), '');
    const result = await run.result;
    expect(result.code, result.stderr).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ run_id: id, state: 'SUCCEEDED' });
    expect(starts(dir)).toBe(1);
    expect(await runState(server, id)).toBe('SUCCEEDED');
  }, 60_000);

  it('`:terminate` through the server stops a run `skiff run` executes, which ends CANCELED', async () => {
    const { dir, run } = await runningGated(true);
    const on = server!;
    const { run_id: id } = await onlyRun(on);
    const asked = await callJson(on, 'POST', `/apis/v2beta1/runs/${id}:terminate`, {});
    const askedAt = performance.now();
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    expect(await runState(on, id)).toBe('CANCELING');
    const result = await run.result;
    // `skiff run` reads the run's state every second (not only at its lease renewals, every 5 s).
    expect(performance.now() - askedAt).toBeLessThan(3_000);
    expect(result.code, result.stderr).toBe(130);
    expect(lastJson(result.stdout)).toMatchObject({ run_id: id, state: 'CANCELED' });
    expect(await runState(on, id)).toBe('CANCELED');
    expect(starts(dir)).toBe(1);
  }, 60_000);

  it('DELETE through the server of a run `skiff run` executes stops it first; `skiff run` ends CANCELED, then the run is gone', async () => {
    const { dir, run } = await runningGated(true);
    const on = server!;
    const { run_id: id } = await onlyRun(on);
    const deleted = await callJson(on, 'DELETE', `/apis/v2beta1/runs/${id}`);
    expect(deleted.status, JSON.stringify(deleted.json)).toBe(200);
    // Before, the run was deleted under `skiff run`, which then failed: SKIFF_TASK_NOT_FOUND, exit 2.
    const result = await run.result;
    expect(result.code, result.stderr).toBe(130);
    expect(lastJson(result.stdout)).toMatchObject({ run_id: id, state: 'CANCELED' });
    expect((await callJson(on, 'GET', `/apis/v2beta1/runs/${id}`)).status).toBe(404);
    expect(starts(dir)).toBe(1);
  }, 60_000);

  it('a run whose `skiff run` was killed is resumed by the server once its lease has run out', async () => {
    const { dir, run } = await runningGated(true);
    const on = server!;
    const { run_id: id } = await onlyRun(on);
    run.child.kill('SIGKILL');
    await run.result;
    // The server has not touched it yet: it is resumed once the lease (15 s) has expired.
    await waitFor('the server to resume the run', async () => (starts(dir) === 2 ? true : undefined), 40_000);
    writeFileSync(join(dir, 'gate'), '');
    await waitFor(
      'the run to succeed',
      async () => ((await runState(on, id)) === 'SUCCEEDED' ? true : undefined),
      30_000,
    );
  }, 90_000);

  it('`skiff resume` of a run a live `skiff run` executes is refused with SKIFF_RUN_IN_USE, naming it', async () => {
    const { home, dir, run } = await runningGated(false);
    const listed = await runCli(['runs', 'list', '--json'], { home });
    const id = String((JSON.parse(listed.stdout) as { id: string }[])[0]?.id);
    const resumed = await runCli(['resume', id], { home, timeoutMs: 60_000 });
    expect(resumed.code).not.toBe(0);
    expect(resumed.stderr).toContain('waiting to see whether that process is still alive');
    expect(resumed.stderr).toContain('SKIFF_RUN_IN_USE');
    expect(resumed.stderr).toContain(`skiff run on`);
    expect(resumed.stderr).toContain(`pid ${run.child.pid}`);
    writeFileSync(join(dir, 'gate'), '');
    expect((await run.result).code).toBe(0);
    expect(starts(dir)).toBe(1);
  }, 60_000);
});
