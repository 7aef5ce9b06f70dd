import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import { makeAttempt, makeRun, makeTask, SAMPLE_IO, T0 } from './fixtures.js';

/** Registers the TaskStore tests; `store()` is a fresh, empty store per test. */
export function taskStoreContract(store: () => MetadataStore): void {
  it('round-trips a task with null fields, and one with every field set', async () => {
    await store().runs.create(makeRun());
    const bare = makeTask();
    const full = makeTask({
      id: 'task-full',
      path: 'for-loop-2[1].print-op',
      parentPath: 'for-loop-2[1]',
      kind: 'iteration',
      state: 'CACHED',
      startedAtMs: T0 + 4,
      finishedAtMs: T0 + 8,
      inputs: SAMPLE_IO,
      outputs: { parameters: { Output: 'done' }, artifacts: {} },
      cacheKey: 'sha256:abc',
      cachedFrom: 'task-of-another-run',
      maxAttempts: 3,
      error: 'earlier error',
      retryRound: 2,
    });
    await store().tasks.create(bare);
    await store().tasks.create(full);
    expect(await store().tasks.get(bare.id)).toStrictEqual(bare);
    expect(await store().tasks.get(full.id)).toStrictEqual(full);
    expect(await store().tasks.get('no-such-task')).toBeUndefined();
  });

  it('updates only the patched fields of a task', async () => {
    await store().runs.create(makeRun());
    await store().tasks.create(makeTask({ inputs: SAMPLE_IO }));
    await store().tasks.update('task-1', { state: 'RUNNING', startedAtMs: T0 + 5, maxAttempts: 4 });
    await store().tasks.update('task-1', {
      state: 'SUCCEEDED',
      finishedAtMs: T0 + 6,
      outputs: SAMPLE_IO,
      cacheKey: 'k1',
      cachedFrom: 'task-0',
      error: 'retried once',
    });
    await store().tasks.update('task-1', { inputs: null, cachedFrom: null });
    expect(await store().tasks.get('task-1')).toStrictEqual(
      makeTask({
        state: 'SUCCEEDED',
        startedAtMs: T0 + 5,
        finishedAtMs: T0 + 6,
        maxAttempts: 4,
        inputs: null,
        outputs: SAMPLE_IO,
        cacheKey: 'k1',
        cachedFrom: null,
        error: 'retried once',
      }),
    );
  });

  it('refuses to update a task that does not exist', async () => {
    await expect(store().tasks.update('ghost', { state: 'RUNNING' })).rejects.toMatchObject({
      code: 'SKIFF_TASK_NOT_FOUND',
    });
  });

  it('lists the tasks of a run in creation order, not by id, path or time', async () => {
    await store().runs.create(makeRun());
    await store().runs.create(makeRun({ id: 'run-2' }));
    const paths = ['zeta', 'alpha', 'loop', 'loop[0]', 'loop[0].inner', 'beta'];
    for (const [i, path] of paths.entries()) {
      await store().tasks.create(makeTask({ id: `t-${9 - i}`, path, name: path, createdAtMs: T0 - i }));
    }
    await store().tasks.create(makeTask({ id: 'other', runId: 'run-2', path: 'alpha' }));
    const listed = await store().tasks.listByRun('run-1');
    expect(listed.map((task) => task.path)).toEqual(paths);
    expect(await store().tasks.listByRun('run-2')).toHaveLength(1);
    expect(await store().tasks.listByRun('no-such-run')).toEqual([]);
  });

  it('rejects a second task with the same path in the same run, but allows it in another run', async () => {
    await store().runs.create(makeRun());
    await store().runs.create(makeRun({ id: 'run-2' }));
    await store().tasks.create(makeTask({ id: 'a', path: 'train' }));
    await expect(store().tasks.create(makeTask({ id: 'b', path: 'train' }))).rejects.toMatchObject({
      code: 'SKIFF_METADATA_CONFLICT',
    });
    await store().tasks.create(makeTask({ id: 'c', runId: 'run-2', path: 'train' }));
    expect((await store().tasks.listByRun('run-1')).map((task) => task.id)).toEqual(['a']);
  });

  it('rejects a task of a run that does not exist', async () => {
    await expect(store().tasks.create(makeTask({ runId: 'ghost' }))).rejects.toMatchObject({
      code: 'SKIFF_METADATA_CONFLICT',
    });
  });

  it('resets every task of a run that did not succeed for a retry, keeping every task and attempt', async () => {
    await store().runs.create(makeRun());
    await store().runs.create(makeRun({ id: 'run-2' }));
    const resolved = {
      startedAtMs: T0 + 2,
      finishedAtMs: T0 + 3,
      inputs: SAMPLE_IO,
      outputs: SAMPLE_IO,
      cacheKey: 'sha256:abc',
      error: 'SKIFF_EXEC_NONZERO: exit 1',
      maxAttempts: 3,
    };
    const states = ['SUCCEEDED', 'CACHED', 'FAILED', 'SKIPPED', 'CANCELED', 'RUNNING', 'PENDING'] as const;
    const tasks = states.map((state) =>
      makeTask({ ...resolved, id: state, path: state, name: state, state }),
    );
    for (const task of tasks) await store().tasks.create(task);
    const otherRun = makeTask({ ...resolved, id: 'other', runId: 'run-2', state: 'FAILED' });
    await store().tasks.create(otherRun);
    const attempts = [
      makeAttempt({ taskId: 'FAILED', state: 'FAILED', finishedAtMs: T0 + 3, failureKind: 'USER' }),
      makeAttempt({ taskId: 'FAILED', number: 2, state: 'FAILED', nextRetryAtMs: null }),
      makeAttempt({ taskId: 'RUNNING' }),
    ];
    for (const attempt of attempts) await store().attempts.create(attempt);

    expect(await store().tasks.resetUnsucceeded('run-1')).toBe(5);
    const listed = await store().tasks.listByRun('run-1');
    expect(listed.map((task) => task.id)).toEqual([...states]);
    const [succeeded, cached, ...reset] = listed;
    expect(succeeded).toStrictEqual(tasks[0]);
    expect(cached).toStrictEqual(tasks[1]);
    for (const task of reset) {
      expect(task).toStrictEqual(
        makeTask({
          id: task.id,
          path: task.id,
          name: task.id,
          state: 'PENDING',
          maxAttempts: 3,
          retryRound: 1,
        }),
      );
    }
    expect(await store().attempts.listByTask('FAILED')).toStrictEqual(attempts.slice(0, 2));
    expect(await store().attempts.listByTask('RUNNING')).toStrictEqual(attempts.slice(2));
    expect(await store().tasks.get('other')).toStrictEqual(otherRun);
  });

  it('moves the tasks of each further retry to the next round, and resets nothing in a run that succeeded', async () => {
    await store().runs.create(makeRun());
    await store().runs.create(makeRun({ id: 'run-2' }));
    await store().tasks.create(makeTask({ id: 'a', path: 'a', state: 'FAILED' }));
    await store().tasks.create(makeTask({ id: 'b', path: 'b', state: 'SUCCEEDED', retryRound: 3 }));
    await store().tasks.create(makeTask({ id: 'ok', runId: 'run-2', path: 'ok', state: 'SUCCEEDED' }));
    expect(await store().tasks.resetUnsucceeded('run-1')).toBe(1);
    expect((await store().tasks.get('a'))?.retryRound).toBe(4);
    await store().tasks.update('a', { state: 'FAILED' });
    expect(await store().tasks.resetUnsucceeded('run-1')).toBe(1);
    expect((await store().tasks.get('a'))?.retryRound).toBe(5);
    expect((await store().tasks.get('b'))?.retryRound).toBe(3);
    expect(await store().tasks.resetUnsucceeded('run-2')).toBe(0);
    expect(await store().tasks.get('ok')).toStrictEqual(
      makeTask({ id: 'ok', runId: 'run-2', path: 'ok', state: 'SUCCEEDED' }),
    );
    expect(await store().tasks.resetUnsucceeded('no-such-run')).toBe(0);
  });

  it('resets a failed loop and its failed iteration, but keeps succeeded iterations and what is inside them', async () => {
    await store().runs.create(makeRun());
    const tree = [
      ['loop', null, 'FAILED'],
      ['loop[0]', 'loop', 'SUCCEEDED'],
      ['loop[0].work', 'loop[0]', 'SUCCEEDED'],
      ['loop[0].condition-1', 'loop[0]', 'SKIPPED'],
      ['loop[1]', 'loop', 'FAILED'],
      ['loop[1].work', 'loop[1]', 'FAILED'],
      ['loop[1].condition-1', 'loop[1]', 'SKIPPED'],
      ['sub', null, 'SUCCEEDED'],
      ['sub.condition-2', 'sub', 'SKIPPED'],
      ['sub.condition-2.inner', 'sub.condition-2', 'SKIPPED'],
    ] as const;
    for (const [path, parentPath, state] of tree)
      await store().tasks.create(makeTask({ id: path, path, parentPath, name: path, state }));
    expect(await store().tasks.resetUnsucceeded('run-1')).toBe(4);
    const states = Object.fromEntries(
      (await store().tasks.listByRun('run-1')).map((task) => [task.path, task.state]),
    );
    expect(states).toEqual({
      loop: 'PENDING',
      'loop[0]': 'SUCCEEDED',
      'loop[0].work': 'SUCCEEDED',
      'loop[0].condition-1': 'SKIPPED',
      'loop[1]': 'PENDING',
      'loop[1].work': 'PENDING',
      'loop[1].condition-1': 'PENDING',
      sub: 'SUCCEEDED',
      'sub.condition-2': 'SKIPPED',
      'sub.condition-2.inner': 'SKIPPED',
    });
  });
}
