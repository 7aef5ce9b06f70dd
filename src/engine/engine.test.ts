import { afterEach, describe, expect, it } from 'vitest';
import {
  closeStores,
  doublingLoop,
  fail,
  ok,
  scripted,
  start,
  tasksByPath,
} from '../../test/support/engine-harness.js';
import { from, pipeline, task } from '../../test/support/ir-builder.js';
import { executeRun } from './execute-run.js';
import type { AttemptOutcome } from './ports.js';

afterEach(closeStores);

const chain = pipeline(
  'chain',
  {
    a: { outputs: { Output: 'NUMBER_INTEGER' } },
    b: { inputs: { x: 'NUMBER_INTEGER' }, outputs: { Output: 'NUMBER_INTEGER' } },
  },
  {
    tasks: {
      a: task('a'),
      b: task('b', { inputs: { parameters: { x: from.task('a') } }, dependentTasks: ['a'] }),
    },
    outputs: {
      parameters: { result: { valueFromParameter: { producerSubtask: 'b', outputParameterKey: 'Output' } } },
    },
    outputTypes: { result: 'NUMBER_INTEGER' },
  },
);

describe('engine', () => {
  it('runs tasks in dependency order, passes parameters, and returns pipeline outputs', async () => {
    const { runner, calls } = scripted({
      a: () => ok({ Output: 20 }),
      b: (req) => ok({ Output: (req.inputs.parameters.x as number) + 1 }),
    });
    const { deps, spec, run, store } = await start(chain, runner);
    const done = await executeRun(deps, { run, spec, signal: new AbortController().signal });
    expect(done.state).toBe('SUCCEEDED');
    expect(done.outputs?.parameters).toEqual({ result: 21 });
    expect(calls.map((c) => c.context.taskPath)).toEqual(['a', 'b']);
    const stored = await store.runs.get(run.id);
    expect(stored?.state).toBe('SUCCEEDED');
  });

  it('retries a failing task with backoff and records every attempt', async () => {
    const spec = pipeline(
      'retry',
      { flaky: {} },
      {
        tasks: {
          flaky: task('flaky', {
            retryPolicy: {
              maxRetryCount: 3,
              backoffDuration: '0.1s',
              backoffFactor: 2,
              backoffMaxDuration: '3600s',
            },
          }),
        },
      },
    );
    const { runner } = scripted({ flaky: (_req, n) => (n < 3 ? fail('USER') : ok()) });
    const { deps, spec: s, run, store } = await start(spec, runner);
    const done = await executeRun(deps, { run, spec: s, signal: new AbortController().signal });
    expect(done.state).toBe('SUCCEEDED');
    const t = (await tasksByPath(store, run.id)).flaky!;
    const attempts = await store.attempts.listByTask(t.id);
    expect(attempts.map((a) => [a.number, a.state, a.failureKind])).toEqual([
      [1, 'FAILED', 'USER'],
      [2, 'FAILED', 'USER'],
      [3, 'SUCCEEDED', null],
    ]);
    const gap1 = attempts[1]!.startedAtMs - attempts[0]!.finishedAtMs!;
    const gap2 = attempts[2]!.startedAtMs - attempts[1]!.finishedAtMs!;
    expect(gap1).toBeGreaterThanOrEqual(95);
    expect(gap2).toBeGreaterThanOrEqual(195);
    expect(attempts[0]!.nextRetryAtMs).not.toBeNull();
  });

  it('fails after maxRetryCount + 1 attempts, retrying SYSTEM failures too', async () => {
    const spec = pipeline(
      'retry',
      { flaky: {} },
      {
        tasks: {
          flaky: task('flaky', {
            retryPolicy: { maxRetryCount: 1, backoffDuration: '0s', backoffFactor: 2 },
          }),
        },
      },
    );
    const { runner } = scripted({ flaky: () => fail('SYSTEM') });
    const { deps, spec: s, run, store } = await start(spec, runner);
    const done = await executeRun(deps, { run, spec: s, signal: new AbortController().signal });
    expect(done.state).toBe('FAILED');
    const t = (await tasksByPath(store, run.id)).flaky!;
    const attempts = await store.attempts.listByTask(t.id);
    expect(attempts.map((a) => a.failureKind)).toEqual(['SYSTEM', 'SYSTEM']);
    expect(attempts[1]!.nextRetryAtMs).toBeNull();
    expect(t.state).toBe('FAILED');
  });

  it('stops retrying once backoffMaxDuration has passed since the first attempt', async () => {
    const spec = pipeline(
      'window',
      { flaky: {} },
      {
        tasks: {
          flaky: task('flaky', {
            retryPolicy: {
              maxRetryCount: 10,
              backoffDuration: '0.2s',
              backoffFactor: 1,
              backoffMaxDuration: '0.5s',
            },
          }),
        },
      },
    );
    const { runner } = scripted({ flaky: () => fail('USER') });
    const { deps, spec: s, run, store } = await start(spec, runner);
    await executeRun(deps, { run, spec: s, signal: new AbortController().signal });
    const t = (await tasksByPath(store, run.id)).flaky!;
    const attempts = await store.attempts.listByTask(t.id);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(3);
  });

  it('skips tasks whose condition is false and tasks downstream of a failure; independent tasks still run', async () => {
    const spec = pipeline(
      'cond',
      {
        coin: { outputs: { Output: 'STRING' } },
        heads: { inputs: { v: 'STRING' } },
        boom: {},
        after: {},
        free: {},
      },
      {
        tasks: {
          coin: task('coin'),
          heads: task('heads', {
            dependentTasks: ['coin'],
            inputs: { parameters: { v: from.task('coin') } },
            triggerPolicy: { condition: "inputs.parameter_values['v'] == 'heads'" },
          }),
          boom: task('boom'),
          after: task('after', { dependentTasks: ['boom'] }),
          free: task('free'),
        },
      },
    );
    const { runner, calls } = scripted({ coin: () => ok({ Output: 'tails' }), boom: () => fail() });
    const { deps, spec: s, run, store } = await start(spec, runner);
    const done = await executeRun(deps, { run, spec: s, signal: new AbortController().signal });
    expect(done.state).toBe('FAILED');
    const tasks = await tasksByPath(store, run.id);
    expect(tasks.heads?.state).toBe('SKIPPED');
    expect(tasks.boom?.state).toBe('FAILED');
    expect(tasks.after?.state).toBe('SKIPPED');
    expect(tasks.after?.error).toContain('upstream task "boom"');
    expect(tasks.free?.state).toBe('SUCCEEDED');
    expect(calls.map((c) => c.context.taskPath).sort()).toEqual(['boom', 'coin', 'free']);
  });

  it('runs ParallelFor iterations within parallelismLimit and collects their outputs in order', async () => {
    const spec = doublingLoop('loop', '[1, 2, 3, 4, 5]', { parallelismLimit: 2, withOutput: true });
    const { runner, peak } = scripted({
      double: async (req) => {
        await new Promise((r) => setTimeout(r, 20 * (6 - (req.inputs.parameters.x as number))));
        return ok({ Output: (req.inputs.parameters.x as number) * 2 });
      },
      sum: (req) => ok({ Output: (req.inputs.parameters.xs as number[]).reduce((a, b) => a + b, 0) }),
    });
    const { deps, spec: s, run, store } = await start(spec, runner);
    const done = await executeRun(deps, { run, spec: s, signal: new AbortController().signal });
    expect(done.state).toBe('SUCCEEDED');
    expect(done.outputs?.parameters.total).toBe(30);
    expect(peak()).toBe(2);
    const tasks = await tasksByPath(store, run.id);
    expect(tasks['for-loop-1']?.outputs?.parameters['pipelinechannel--double-Output']).toEqual([
      2, 4, 6, 8, 10,
    ]);
    expect(tasks['for-loop-1[4].double']?.state).toBe('SUCCEEDED');
  });

  it('runs an exit task after a failed DAG and hands it the final status', async () => {
    const spec = pipeline(
      'exit',
      {
        fail: {},
        'exit-handler-1': { dag: { tasks: { fail: task('fail') } } },
        notify: { inputs: { status: 'TASK_FINAL_STATUS' } },
      },
      {
        tasks: {
          'exit-handler-1': task('exit-handler-1'),
          notify: task('notify', {
            dependentTasks: ['exit-handler-1'],
            inputs: { parameters: { status: { taskFinalStatus: { producerTask: 'exit-handler-1' } } } },
            triggerPolicy: { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' },
          }),
        },
      },
    );
    const { runner, calls } = scripted({ fail: () => fail() });
    const { deps, spec: s, run, store } = await start(spec, runner);
    const done = await executeRun(deps, { run, spec: s, signal: new AbortController().signal });
    expect(done.state).toBe('FAILED');
    const tasks = await tasksByPath(store, run.id);
    expect(tasks['exit-handler-1.fail']?.state).toBe('FAILED');
    expect(tasks.notify?.state).toBe('SUCCEEDED');
    const status = calls.find((c) => c.context.taskPath === 'notify')?.inputs.parameters.status as Record<
      string,
      unknown
    >;
    expect(status.state).toBe('FAILED');
    expect(status.pipelineTaskName).toBe('exit-handler-1');
  });

  it('reuses cached results on an identical second run', async () => {
    const spec = pipeline(
      'cache',
      { a: { outputs: { Output: 'STRING' } } },
      {
        tasks: { a: task('a', { cachingOptions: { enableCache: true } }) },
      },
    );
    const { runner, calls } = scripted({ a: () => ok({ Output: 'x' }) });
    const first = await start(spec, runner);
    await executeRun(first.deps, { run: first.run, spec: first.spec, signal: new AbortController().signal });
    const second = await start(spec, runner, {}, first.store);
    const done = await executeRun(second.deps, {
      run: second.run,
      spec: second.spec,
      signal: new AbortController().signal,
    });
    expect(done.state).toBe('SUCCEEDED');
    const tasks = await tasksByPath(first.store, second.run.id);
    expect(tasks.a?.state).toBe('CACHED');
    expect(tasks.a?.outputs?.parameters).toEqual({ Output: 'x' });
    expect(calls).toHaveLength(1);
  });

  it('resumes a run: finished tasks are kept and a lost attempt is recorded as SYSTEM and retried', async () => {
    const spec = pipeline(
      'resume',
      { a: {}, b: {} },
      {
        tasks: {
          a: task('a'),
          b: task('b', { dependentTasks: ['a'], retryPolicy: { maxRetryCount: 1, backoffDuration: '0s' } }),
        },
      },
    );
    const hang = scripted({ b: () => new Promise<AttemptOutcome>(() => {}) });
    const first = await start(spec, hang.runner);
    void executeRun(first.deps, { run: first.run, spec: first.spec, signal: new AbortController().signal });
    for (let i = 0; i < 100 && hang.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hang.calls.map((c) => c.context.taskPath)).toEqual(['a', 'b']);

    const after = scripted({});
    const deps = { ...first.deps, runner: after.runner };
    const run = (await first.store.runs.get(first.run.id))!;
    const done = await executeRun(deps, { run, spec: first.spec, signal: new AbortController().signal });
    expect(done.state).toBe('SUCCEEDED');
    expect(after.calls.map((c) => [c.context.taskPath, c.context.attempt])).toEqual([['b', 2]]);
    const b = (await tasksByPath(first.store, run.id)).b!;
    const attempts = await first.store.attempts.listByTask(b.id);
    expect(attempts.map((a) => [a.state, a.failureKind])).toEqual([
      ['FAILED', 'SYSTEM'],
      ['SUCCEEDED', null],
    ]);
    expect(attempts[0]!.message).toContain('SKIFF_EXEC_LOST');
  });

  it('cancels: the running attempt ends CANCELED, waiting tasks are not started, the run is CANCELED', async () => {
    const controller = new AbortController();
    const { runner, calls } = scripted({
      a: (req) =>
        new Promise((resolve) => {
          req.signal.addEventListener('abort', () =>
            resolve({
              ok: false,
              kind: 'CANCELED',
              message: 'SKIFF_EXEC_CANCELED: canceled',
              exitCode: null,
              logUri: null,
            }),
          );
          setTimeout(() => controller.abort(), 20);
        }),
    });
    const { deps, spec, run, store } = await start(chain, runner);
    const done = await executeRun(deps, { run, spec, signal: controller.signal });
    expect(done.state).toBe('CANCELED');
    const tasks = await tasksByPath(store, run.id);
    expect(tasks.a?.state).toBe('CANCELED');
    expect(tasks.b?.state).toBe('CANCELED');
    expect(calls).toHaveLength(1);
  });
});
