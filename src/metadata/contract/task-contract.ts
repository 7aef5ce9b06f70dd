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

  it('deletes the tasks of a run that did not succeed, with their attempts, for a retry', async () => {
    await store().runs.create(makeRun());
    await store().runs.create(makeRun({ id: 'run-2' }));
    const states = {
      ok: 'SUCCEEDED',
      hit: 'CACHED',
      bad: 'FAILED',
      skip: 'SKIPPED',
      stop: 'CANCELED',
    } as const;
    for (const [path, state] of Object.entries(states))
      await store().tasks.create(makeTask({ id: path, path, name: path, state }));
    await store().tasks.create(makeTask({ id: 'other-bad', runId: 'run-2', path: 'bad', state: 'FAILED' }));
    await store().attempts.create(makeAttempt({ taskId: 'bad', state: 'FAILED' }));
    expect(await store().tasks.deleteUnsucceeded('run-1')).toBe(3);
    expect((await store().tasks.listByRun('run-1')).map((task) => task.id)).toEqual(['ok', 'hit']);
    expect(await store().attempts.listByTask('bad')).toEqual([]);
    expect((await store().tasks.listByRun('run-2')).map((task) => task.id)).toEqual(['other-bad']);
  });
}
