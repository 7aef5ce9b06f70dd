import { afterEach, describe, expect, it } from 'vitest';
import {
  closeStores,
  doublingLoop,
  fail,
  fakeClock,
  ok,
  scripted,
  start,
  tasksByPath,
} from '../../test/support/engine-harness.js';
import { pipeline, task } from '../../test/support/ir-builder.js';
import type { EngineEvent } from './engine-deps.js';
import { executeRun } from './execute-run.js';
import type { AttemptOutcome } from './ports.js';
import { prepareRetry } from './retry-run.js';

afterEach(closeStores);

const never = () => new AbortController().signal;

/** `a`, then `flaky` with the given retry policy. */
function twoSteps(retryPolicy: Record<string, unknown>): string {
  return pipeline(
    'retry-run',
    { a: {}, flaky: {} },
    { tasks: { a: task('a'), flaky: task('flaky', { dependentTasks: ['a'], retryPolicy }) } },
  );
}

describe('run retry', () => {
  it('continues attempt numbers and gives a retried task its whole retry budget again, each round', async () => {
    const clock = fakeClock();
    const events: EngineEvent[] = [];
    // Fails its first six attempts: three in the first execution, three after the first retry.
    const { runner, calls } = scripted({ flaky: (_req, n) => (n <= 6 ? fail() : ok()) });
    const spec = twoSteps({ maxRetryCount: 2, backoffDuration: '10s' });
    const {
      deps,
      spec: s,
      run,
      store,
    } = await start(spec, runner, {}, undefined, {
      clock,
      onEvent: (e) => events.push(e),
    });

    expect((await executeRun(deps, { run, spec: s, signal: never() })).state).toBe('FAILED');
    const retried = await prepareRetry(store, (await store.runs.get(run.id))!);
    expect(retried.state).toBe('PENDING');
    expect((await executeRun(deps, { run: retried, spec: s, signal: never() })).state).toBe('FAILED');
    const again = await prepareRetry(store, (await store.runs.get(run.id))!);
    expect((await executeRun(deps, { run: again, spec: s, signal: never() })).state).toBe('SUCCEEDED');

    const flaky = (await tasksByPath(store, run.id)).flaky!;
    const attempts = await store.attempts.listByTask(flaky.id);
    expect(attempts.map((a) => [a.number, a.retryRound, a.state])).toEqual([
      [1, 0, 'FAILED'],
      [2, 0, 'FAILED'],
      [3, 0, 'FAILED'],
      [4, 1, 'FAILED'],
      [5, 1, 'FAILED'],
      [6, 1, 'FAILED'],
      [7, 2, 'SUCCEEDED'],
    ]);
    // The last attempt of each spent round scheduled no retry; the others did.
    expect(attempts.map((a) => a.nextRetryAtMs !== null)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(flaky).toMatchObject({ state: 'SUCCEEDED', retryRound: 2, error: null });
    // The succeeded upstream task ran once and stayed in the first round.
    expect(calls.map((c) => `${c.context.taskPath}#${c.context.attempt}`)).toEqual([
      'a#1',
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => `flaky#${n}`),
    ]);
    expect((await tasksByPath(store, run.id)).a?.retryRound).toBe(0);
    // Progress reads "attempt 4/6" after the first retry: the highest number this round can reach.
    const started = events.flatMap((e) =>
      e.type === 'task' && e.path === 'flaky' && e.message === undefined && e.attempt !== undefined
        ? [`${e.attempt}/${e.maxAttempts}`]
        : [],
    );
    expect(started).toEqual(['1/3', '2/3', '3/3', '4/6', '5/6', '6/6', '7/9']);
  });

  it('measures backoffMaxDuration from the first attempt of the retry round, not of the run', async () => {
    const clock = fakeClock();
    const { runner } = scripted({ flaky: () => fail() });
    // Retries every 60 s within a 150 s window: attempts at 0, 60 and 120 s, then the window is spent.
    const spec = twoSteps({
      maxRetryCount: 10,
      backoffDuration: '60s',
      backoffFactor: 1,
      backoffMaxDuration: '150s',
    });
    const { deps, spec: s, run, store } = await start(spec, runner, {}, undefined, { clock });
    await executeRun(deps, { run, spec: s, signal: never() });
    clock.advance(3_600_000);
    const retried = await prepareRetry(store, (await store.runs.get(run.id))!);
    expect((await executeRun(deps, { run: retried, spec: s, signal: never() })).state).toBe('FAILED');

    const flaky = (await tasksByPath(store, run.id)).flaky!;
    const attempts = await store.attempts.listByTask(flaky.id);
    expect(attempts.map((a) => [a.number, a.retryRound])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
    expect(attempts[4]!.startedAtMs - attempts[3]!.startedAtMs).toBe(60_000);
  });

  it('keeps the succeeded iterations of a loop and runs only the failed one, then what waited on the loop', async () => {
    const spec = doublingLoop('retry-loop', '[1, 2, 3]');
    const { runner, calls } = scripted({
      // Item 2 fails the first time only.
      double: (req, n) => {
        const x = req.inputs.parameters.x as number;
        return x === 2 && n === 1 ? fail() : ok({ Output: x * 2 });
      },
      sum: (req) => ok({ Output: (req.inputs.parameters.xs as number[]).reduce((a, b) => a + b, 0) }),
    });
    const { deps, spec: s, run, store } = await start(spec, runner);
    expect((await executeRun(deps, { run, spec: s, signal: never() })).state).toBe('FAILED');
    const before = await tasksByPath(store, run.id);
    expect(before.sum?.state).toBe('SKIPPED');
    expect(before['for-loop-1']?.error).toBe('1 of 3 iterations failed');

    const retried = await prepareRetry(store, (await store.runs.get(run.id))!);
    const after = calls.length;
    expect((await executeRun(deps, { run: retried, spec: s, signal: never() })).state).toBe('SUCCEEDED');
    expect(calls.slice(after).map((c) => `${c.context.taskPath}#${c.context.attempt}`)).toEqual([
      'for-loop-1[1].double#2',
      'sum#1',
    ]);
    const tasks = await tasksByPath(store, run.id);
    expect(tasks['for-loop-1[0]']).toStrictEqual(before['for-loop-1[0]']);
    expect(tasks['for-loop-1']).toMatchObject({ state: 'SUCCEEDED', error: null, retryRound: 1 });
    expect(tasks['for-loop-1']?.outputs?.parameters['pipelinechannel--double-Output']).toEqual([2, 4, 6]);
    expect(tasks.sum).toMatchObject({ state: 'SUCCEEDED', outputs: { parameters: { Output: 12 } } });
    expect(tasks.sum?.id).toBe(before.sum?.id);
  });

  it('ends an attempt a terminated run left running as lost, terminates its process, and runs the task again', async () => {
    const hang = scripted({ flaky: () => new Promise<AttemptOutcome>(() => {}) });
    const spec = twoSteps({ maxRetryCount: 0 });
    const first = await start(spec, hang.runner);
    void executeRun(first.deps, { run: first.run, spec: first.spec, signal: never() });
    for (let i = 0; i < 200 && hang.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    // Ended by the API while no worker held it (as after a server crash): only the run row changes.
    await first.store.runs.update(first.run.id, { state: 'CANCELED', finishedAtMs: Date.now() });

    const after = scripted({});
    const deps = { ...first.deps, runner: after.runner };
    const retried = await prepareRetry(first.store, (await first.store.runs.get(first.run.id))!);
    expect((await executeRun(deps, { run: retried, spec: first.spec, signal: never() })).state).toBe(
      'SUCCEEDED',
    );
    const flaky = (await tasksByPath(first.store, first.run.id)).flaky!;
    const attempts = await first.store.attempts.listByTask(flaky.id);
    expect(attempts.map((a) => [a.number, a.retryRound, a.state, a.failureKind])).toEqual([
      [1, 0, 'FAILED', 'SYSTEM'],
      [2, 1, 'SUCCEEDED', null],
    ]);
    expect(attempts[0]!.message).toContain('SKIFF_EXEC_LOST');
    expect(after.terminated).toEqual([attempts[0]!.logUri]);
  });

  it('refuses a run that has not ended FAILED or CANCELED', async () => {
    const { runner } = scripted({});
    const { deps, spec: s, run, store } = await start(twoSteps({ maxRetryCount: 1 }), runner);
    await expect(prepareRetry(store, run)).rejects.toMatchObject({ code: 'SKIFF_RUN_NOT_RETRYABLE' });
    const done = await executeRun(deps, { run, spec: s, signal: never() });
    await expect(prepareRetry(store, done)).rejects.toMatchObject({
      code: 'SKIFF_RUN_NOT_RETRYABLE',
      message: expect.stringContaining('SUCCEEDED'),
    });
    expect((await store.runs.get(run.id))?.state).toBe('SUCCEEDED');
  });
});
