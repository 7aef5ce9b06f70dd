import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runCli, SKIFF_BIN, tempHome } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';

interface Attempt {
  number: number;
  retryRound: number;
  state: string;
  exitCode: number | null;
  failureKind: string | null;
  message: string | null;
  startedAtMs: number;
  finishedAtMs: number | null;
  logUri: string | null;
}
interface RunGet {
  run_id: string;
  state: string;
  tasks: Array<{ path: string; state: string; attempts: Attempt[] }>;
}

async function runGet(home: string, runId: string): Promise<RunGet> {
  const result = await runCli(['runs', 'get', runId, '--json'], { home });
  expect(result.code, result.stderr).toBe(0);
  return lastJson<RunGet>(result.stdout);
}

function writeSpec(home: string, doc: string): string {
  const file = join(home, 'pipeline.json');
  writeFileSync(file, doc);
  return file;
}

/** A task that fails until its `n`-th attempt, counting attempts in a file. */
function flaky(maxRetryCount: number, succeedOn: number): string {
  const script =
    'n=$(cat "$0" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0"; echo "attempt $n"; ' +
    `if [ $n -lt ${succeedOn} ]; then echo "failing on purpose" >&2; exit 3; fi; echo done`;
  return pipeline(
    'flaky',
    {
      flaky: {
        inputs: { counter: 'STRING' },
        command: ['sh', '-c', script],
        args: ["{{$.inputs.parameters['counter']}}"],
      },
    },
    {
      tasks: {
        flaky: task('flaky', {
          inputs: { parameters: { counter: from.input('counter') } },
          retryPolicy: {
            maxRetryCount,
            backoffDuration: '0.4s',
            backoffFactor: 2,
            backoffMaxDuration: '3600s',
          },
        }),
      },
      inputs: { counter: 'STRING' },
    },
  );
}

describe('retries, end to end with real processes', () => {
  it('a task failing its first two attempts succeeds on the third, with three attempts recorded', async () => {
    const home = tempHome();
    const file = writeSpec(home, flaky(3, 3));
    const result = await runCli(['run', file, '--json', '-p', `counter=${join(home, 'counter')}`], { home });
    expect(result.code, result.stderr).toBe(0);
    const { run_id, state } = lastJson<{ run_id: string; state: string }>(result.stdout);
    expect(state).toBe('SUCCEEDED');
    const attempts = (await runGet(home, run_id)).tasks.find((t) => t.path === 'flaky')!.attempts;
    expect(attempts.map((a) => [a.number, a.state, a.exitCode, a.failureKind])).toEqual([
      [1, 'FAILED', 3, 'USER'],
      [2, 'FAILED', 3, 'USER'],
      [3, 'SUCCEEDED', 0, null],
    ]);
    // Backoff: 0.4 s before retry 1, 0.8 s before retry 2.
    expect(attempts[1]!.startedAtMs - attempts[0]!.finishedAtMs!).toBeGreaterThanOrEqual(380);
    expect(attempts[2]!.startedAtMs - attempts[1]!.finishedAtMs!).toBeGreaterThanOrEqual(780);
    for (const n of [1, 2, 3]) {
      const log = await runCli(['logs', run_id, 'flaky', '--attempt', String(n)], { home });
      expect(log.stdout).toContain(`attempt ${n}`);
    }
    const human = await runCli(['runs', 'get', run_id], { home });
    expect(human.stdout).toMatch(/#2\s+FAILED USER exit 3/);
  });

  it('with maxRetryCount 1 the task fails after two attempts', async () => {
    const home = tempHome();
    const file = writeSpec(home, flaky(1, 3));
    const result = await runCli(['run', file, '--json', '-p', `counter=${join(home, 'counter')}`], { home });
    expect(result.code).toBe(1);
    const json = lastJson<{
      run_id: string;
      state: string;
      tasks: Array<{ name: string; attempts: number }>;
    }>(result.stdout);
    expect(json.state).toBe('FAILED');
    expect(json.tasks.find((t) => t.name === 'flaky')?.attempts).toBe(2);
  });

  it('skiff retry runs a failed run again: attempt numbers go on, the retry budget starts afresh, earlier attempts and logs stay', async () => {
    const home = tempHome();
    // maxRetryCount 1: attempts 1 and 2 fail the run; after the retry, 3 fails and 4 succeeds.
    const file = writeSpec(home, flaky(1, 4));
    const result = await runCli(['run', file, '--json', '-p', `counter=${join(home, 'counter')}`], { home });
    expect(result.code, result.stderr).toBe(1);
    const { run_id } = lastJson<{ run_id: string }>(result.stdout);
    const retried = await runCli(['retry', run_id.slice(0, 8), '--json'], { home });
    expect(retried.code, retried.stderr).toBe(0);
    expect(lastJson<{ state: string }>(retried.stdout).state).toBe('SUCCEEDED');

    const attempts = (await runGet(home, run_id)).tasks.find((t) => t.path === 'flaky')!.attempts;
    expect(attempts.map((a) => [a.number, a.retryRound, a.state])).toEqual([
      [1, 0, 'FAILED'],
      [2, 0, 'FAILED'],
      [3, 1, 'FAILED'],
      [4, 1, 'SUCCEEDED'],
    ]);
    for (const n of [1, 4]) {
      const log = await runCli(['logs', run_id, 'flaky', '--attempt', String(n)], { home });
      expect(log.stdout).toContain(`attempt ${n}`);
    }
    const human = await runCli(['runs', 'get', run_id], { home });
    expect(human.stdout).toMatch(/flaky\s+SUCCEEDED\s+2\/2 \+2 earlier/);
    expect(human.stdout).toMatch(/#1\s+FAILED USER exit 3/);
    expect(human.stdout).toMatch(/#3 retry 1\s+FAILED USER exit 3/);

    const again = await runCli(['retry', run_id], { home });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('SKIFF_RUN_NOT_RETRYABLE');
  });

  it('retries a task whose output artifact cannot be stored (SYSTEM), and records each attempt', async () => {
    const home = tempHome();
    const root = join(home, 'root');
    // The root passes the storage check at the start. Attempt 1 then puts a file where the task's
    // output directory must go (<root>/<pipeline>/<run>/produce), so storing its artifact fails;
    // attempt 2 removes that file first, so storing succeeds.
    const script =
      'blocker="$0/store-fault/$2/produce"; n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"; ' +
      'if [ $n -ge 2 ]; then rm -f "$blocker"; else mkdir -p "$(dirname "$blocker")"; echo x > "$blocker"; fi; ' +
      'mkdir -p "$(dirname "$1")"; echo data > "$1"';
    const doc = pipeline(
      'store-fault',
      {
        produce: {
          inputs: { blocker: 'STRING' },
          outputArtifacts: { out: 'system.Dataset' },
          command: ['sh', '-c', script],
          args: [
            "{{$.inputs.parameters['blocker']}}",
            "{{$.outputs.artifacts['out'].path}}",
            '{{$.pipeline_job_uuid}}',
          ],
        },
      },
      {
        tasks: {
          produce: task('produce', {
            inputs: { parameters: { blocker: from.input('blocker') } },
            retryPolicy: { maxRetryCount: 2, backoffDuration: '0s' },
          }),
        },
        inputs: { blocker: 'STRING' },
      },
    );
    const file = writeSpec(home, doc);
    const result = await runCli(
      ['run', file, '--json', '-p', `blocker=${root}`, '--pipeline-root', `file://${root}`],
      { home },
    );
    const { run_id, state } = lastJson<{ run_id: string; state: string }>(result.stdout);
    expect(state, result.stderr).toBe('SUCCEEDED');
    const attempts = (await runGet(home, run_id)).tasks.find((t) => t.path === 'produce')!.attempts;
    expect(attempts.map((a) => [a.state, a.failureKind])).toEqual([
      ['FAILED', 'SYSTEM'],
      ['SUCCEEDED', null],
    ]);
    expect(attempts[0]!.message).toMatch(/SKIFF_STORAGE_IO/);
  });
});

describe('a pipeline root that cannot be used', () => {
  it('fails the run before any task starts, naming the root and where it was set', async () => {
    const home = tempHome();
    const blocker = join(home, 'blocked');
    writeFileSync(blocker, 'a file where the pipeline root needs a directory');
    const file = writeSpec(home, pipeline('root-fault', { a: {} }, { tasks: { a: task('a') } }));
    const result = await runCli(['run', file, '--json', '--pipeline-root', `file://${blocker}/root`], {
      home,
    });
    expect(result.code).toBe(1);
    const { run_id, state, tasks } = lastJson<{ run_id: string; state: string; tasks: unknown[] }>(
      result.stdout,
    );
    expect(state).toBe('FAILED');
    expect(tasks).toEqual([]);
    const got = await runCli(['runs', 'get', run_id], { home });
    expect(got.stdout).toContain(
      `SKIFF_STORAGE_IO: pipeline root file://${blocker}/root (set in flag:--pipeline-root)`,
    );
  });
});

describe('caching', () => {
  it('a second identical run is all CACHED and takes a fraction of the first', async () => {
    const home = tempHome();
    const tasks: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 4; i++) {
      tasks[`slow-${i}`] = task('slow', {
        taskInfo: { name: `slow-${i}` },
        inputs: { parameters: { i: from.constant(i) } },
        cachingOptions: { enableCache: true },
      });
    }
    const doc = pipeline(
      'cached',
      {
        slow: {
          inputs: { i: 'NUMBER_INTEGER' },
          outputs: { Output: 'STRING' },
          command: ['sh', '-c', 'sleep 1; mkdir -p "$(dirname "$1")"; printf "v%s" "$0" > "$1"'],
          args: ["{{$.inputs.parameters['i']}}", "{{$.outputs.parameters['Output'].output_file}}"],
        },
      },
      { tasks },
    );
    const file = writeSpec(home, doc);
    const first = await runCli(['run', file, '--json', '--max-parallel-tasks', '2'], { home });
    const second = await runCli(['run', file, '--json', '--max-parallel-tasks', '2'], { home });
    const a = lastJson<{ run_id: string; state: string; tasks: Array<{ state: string }> }>(first.stdout);
    const b = lastJson<{ run_id: string; state: string; tasks: Array<{ state: string }> }>(second.stdout);
    expect(a.state).toBe('SUCCEEDED');
    expect(b.state).toBe('SUCCEEDED');
    expect(a.tasks.map((t) => t.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(b.tasks.map((t) => t.state)).toEqual(['CACHED', 'CACHED', 'CACHED', 'CACHED']);
    const runs = JSON.parse((await runCli(['runs', 'list', '--json'], { home })).stdout) as Array<{
      id: string;
      startedAtMs: number;
      finishedAtMs: number;
    }>;
    const took = (id: string) => {
      const r = runs.find((x) => x.id === id)!;
      return r.finishedAtMs - r.startedAtMs;
    };
    expect(took(b.run_id)).toBeLessThan(took(a.run_id) / 4);
    const noCache = await runCli(['run', file, '--json', '--no-cache'], { home });
    expect(
      lastJson<{ tasks: Array<{ state: string }> }>(noCache.stdout).tasks.every(
        (t) => t.state === 'SUCCEEDED',
      ),
    ).toBe(true);
  });
});

describe('crash and resume', () => {
  it('kill -9 in the middle of a 20-task pipeline, then resume: succeeds, no succeeded task ran twice', async () => {
    const home = tempHome();
    const ledger = join(home, 'ledger');
    const tasks: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 20; i++) {
      tasks[`step-${i}`] = task('step', {
        taskInfo: { name: `step-${i}` },
        inputs: { parameters: { name: from.constant(`step-${i}`), ledger: from.input('ledger') } },
        ...(i >= 2 ? { dependentTasks: [`step-${i - 2}`] } : {}),
      });
    }
    const doc = pipeline(
      'crashy',
      {
        step: {
          inputs: { name: 'STRING', ledger: 'STRING' },
          command: ['sh', '-c', 'echo "start $0" >> "$1"; sleep 0.3; echo "end $0" >> "$1"'],
          args: ["{{$.inputs.parameters['name']}}", "{{$.inputs.parameters['ledger']}}"],
        },
      },
      {
        tasks,
        inputs: { ledger: 'STRING' },
      },
    );
    const file = writeSpec(home, doc);
    const child = spawn(process.execPath, [SKIFF_BIN, 'run', file, '--json', '-p', `ledger=${ledger}`], {
      env: { ...process.env, SKIFF_HOME: home },
      stdio: 'ignore',
    });
    for (let i = 0; i < 200; i++) {
      const lines = existsSync(ledger)
        ? readFileSync(ledger, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('end')).length
        : 0;
      if (lines >= 6) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const runs = JSON.parse((await runCli(['runs', 'list', '--json'], { home })).stdout) as Array<{
      id: string;
      state: string;
    }>;
    expect(runs).toHaveLength(1);
    const runId = runs[0]!.id;
    expect(runs[0]!.state).toBe('RUNNING');
    const before = await runGet(home, runId);
    const succeededBefore = before.tasks.filter((t) => t.state === 'SUCCEEDED').map((t) => t.path);
    expect(succeededBefore.length).toBeGreaterThanOrEqual(4);
    expect(succeededBefore.length).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 500)); // let orphaned attempts finish writing the ledger

    const resumed = await runCli(['resume', runId.slice(0, 8), '--json'], { home });
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = await runGet(home, runId);
    expect(after.state).toBe('SUCCEEDED');
    expect(after.tasks.filter((t) => t.path.startsWith('step-')).map((t) => t.state)).toEqual(
      Array(20).fill('SUCCEEDED'),
    );
    const starts = readFileSync(ledger, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('start '));
    for (const name of succeededBefore) expect(starts.filter((l) => l === `start ${name}`)).toHaveLength(1);
    for (const t of after.tasks) {
      const ok = t.attempts.filter((a) => a.state === 'SUCCEEDED');
      expect(ok).toHaveLength(1);
      for (const lost of t.attempts.filter((a) => a.state === 'FAILED')) {
        expect(lost.failureKind).toBe('SYSTEM');
        expect(lost.message).toMatch(/SKIFF_EXEC_LOST/);
      }
      expect(t.attempts.some((a) => a.state === 'RUNNING')).toBe(false);
    }
    const again = await runCli(['resume', runId], { home });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/SKIFF_RUN_FINISHED/);
  });
});

describe('resume after kill -9 of the engine', () => {
  it.skipIf(!existsSync('/proc/self/fdinfo'))(
    'terminates the process group a lost attempt left running (engine and its helper killed with -9) before running the task again',
    async () => {
      const home = tempHome();
      const marker = join(home, 'ran-once');
      const pids = join(home, 'pids');
      // First attempt: records its pid and its child's, then sleeps; later attempts end at once.
      const script =
        'if [ -e "$0" ]; then echo again; exit 0; fi; touch "$0"; ' + 'sleep 60 & echo "$$ $!" > "$1"; wait';
      const doc = pipeline(
        'orphans',
        {
          sleeper: {
            inputs: { marker: 'STRING', pids: 'STRING' },
            command: ['sh', '-c', script],
            args: ["{{$.inputs.parameters['marker']}}", "{{$.inputs.parameters['pids']}}"],
          },
        },
        {
          tasks: {
            sleeper: task('sleeper', {
              inputs: { parameters: { marker: from.input('marker'), pids: from.input('pids') } },
            }),
          },
          inputs: { marker: 'STRING', pids: 'STRING' },
        },
      );
      const file = writeSpec(home, doc);
      const child = spawn(
        process.execPath,
        [SKIFF_BIN, 'run', file, '--json', '-p', `marker=${marker}`, '-p', `pids=${pids}`],
        { env: { ...process.env, SKIFF_HOME: home }, stdio: 'ignore', detached: true },
      );
      for (let i = 0; i < 200 && !(existsSync(pids) && readFileSync(pids, 'utf8').includes(' ')); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      // The whole process group: the engine and its spawner helper, which would otherwise end the
      // task itself when the engine goes away (tasks run in sessions of their own and survive this).
      process.kill(-child.pid!, 'SIGKILL');
      await new Promise((r) => child.on('close', r));
      const [leader, sleeper] = readFileSync(pids, 'utf8').trim().split(' ').map(Number) as [number, number];
      expect(running(leader)).toBe(true);
      expect(running(sleeper)).toBe(true);

      const runs = JSON.parse((await runCli(['runs', 'list', '--json'], { home })).stdout) as Array<{
        id: string;
      }>;
      const runId = runs[0]!.id;
      const resumed = await runCli(['resume', runId, '--json'], { home });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(running(leader)).toBe(false);
      expect(running(sleeper)).toBe(false);
      const attempts = (await runGet(home, runId)).tasks.find((t) => t.path === 'sleeper')!.attempts;
      expect(attempts.map((a) => [a.state, a.failureKind])).toEqual([
        ['FAILED', 'SYSTEM'],
        ['SUCCEEDED', null],
      ]);
    },
  );
});

/** True while `pid` runs (an exited process nobody reaped yet does not). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

describe('cancel and logs', () => {
  it('SIGINT cancels the run: exit 130, the task process group is terminated, state CANCELED', async () => {
    const home = tempHome();
    const pidFile = join(home, 'pid');
    const doc = pipeline(
      'sleepy',
      {
        nap: {
          inputs: { pid: 'STRING' },
          command: ['sh', '-c', 'echo $$ > "$0"; sleep 30 & wait'],
          args: ["{{$.inputs.parameters['pid']}}"],
        },
        after: {},
      },
      {
        tasks: {
          nap: task('nap', { inputs: { parameters: { pid: from.input('pid') } } }),
          after: task('after', { dependentTasks: ['nap'] }),
        },
        inputs: { pid: 'STRING' },
      },
    );
    const file = writeSpec(home, doc);
    const child = spawn(process.execPath, [SKIFF_BIN, 'run', file, '--json', '-p', `pid=${pidFile}`], {
      env: { ...process.env, SKIFF_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(130);
    const json = lastJson<{ state: string; tasks: Array<{ name: string; state: string }> }>(stdout);
    expect(json.state).toBe('CANCELED');
    expect(Object.fromEntries(json.tasks.map((t) => [t.name, t.state]))).toEqual({
      nap: 'CANCELED',
      after: 'CANCELED',
    });
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('skiff logs --follow prints a running attempt as it writes and ends with it', async () => {
    const home = tempHome();
    const doc = pipeline(
      'talker',
      { talk: { command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.2; done'] } },
      { tasks: { talk: task('talk') } },
    );
    const file = writeSpec(home, doc);
    const run = spawn(process.execPath, [SKIFF_BIN, 'run', file, '--json'], {
      env: { ...process.env, SKIFF_HOME: home },
      stdio: 'ignore',
    });
    const runClosed = new Promise((r) => run.on('close', r));
    let runId = '';
    for (let i = 0; i < 100 && !runId; i++) {
      const list = await runCli(['runs', 'list', '--json'], { home });
      runId = (JSON.parse(list.stdout || '[]') as Array<{ id: string }>)[0]?.id ?? '';
      if (!runId) await new Promise((r) => setTimeout(r, 50));
    }
    const follow = await runCli(['logs', runId, 'talk', '--follow'], { home, timeoutMs: 20_000 });
    await runClosed;
    expect(follow.code, follow.stderr).toBe(0);
    expect(follow.stdout).toMatch(/line 1[\s\S]*line 5/);
  });
});
