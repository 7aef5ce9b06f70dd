import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import type { AttemptRecord } from '../records.js';
import { makeAttempt, makeRun, makeTask, SAMPLE_IO, T0 } from './fixtures.js';

/** Registers the tests of creating a task with its first attempt; `store()` is a fresh, empty store per test. */
export function taskAttemptContract(store: () => MetadataStore): void {
  it('creates a task and its first attempt together, both as given', async () => {
    await store().runs.create(makeRun());
    const task = makeTask({ state: 'RUNNING', startedAtMs: T0 + 1, inputs: SAMPLE_IO, maxAttempts: 3 });
    const attempt = makeAttempt({ logUri: 'file:///tmp/logs/task-1/1.log' });
    await store().tasks.createWithAttempt(task, attempt);
    expect(await store().tasks.get(task.id)).toStrictEqual(task);
    expect(await store().attempts.listByTask(task.id)).toStrictEqual([attempt]);
    await store().attempts.update(task.id, 1, { state: 'SUCCEEDED', exitCode: 0, finishedAtMs: T0 + 9 });
    expect((await store().attempts.listByRun('run-1')).map((a) => a.state)).toEqual(['SUCCEEDED']);
  });

  it('writes neither row when the task conflicts with one already stored', async () => {
    await store().runs.create(makeRun());
    await store().tasks.create(makeTask({ id: 'first', path: 'train' }));
    const task = makeTask({ id: 'second', path: 'train' });
    await expect(
      store().tasks.createWithAttempt(task, makeAttempt({ taskId: 'second' })),
    ).rejects.toMatchObject({ code: 'SKIFF_METADATA_CONFLICT' });
    expect(await store().tasks.get('second')).toBeUndefined();
    expect(await store().attempts.listByRun('run-1')).toEqual([]);
  });

  it('writes neither row when the database refuses the attempt', async () => {
    await store().runs.create(makeRun());
    // A state is required: the attempt's insert fails after the task's succeeded.
    const refused = { ...makeAttempt(), state: null } as unknown as AttemptRecord;
    await expect(store().tasks.createWithAttempt(makeTask(), refused)).rejects.toThrow();
    expect(await store().tasks.get('task-1')).toBeUndefined();
    expect(await store().tasks.listByRun('run-1')).toEqual([]);
    // The store goes on working after the rollback.
    await store().tasks.createWithAttempt(makeTask(), makeAttempt());
    expect(await store().attempts.listByTask('task-1')).toHaveLength(1);
  });

  it('refuses an attempt of another task, writing nothing', async () => {
    await store().runs.create(makeRun());
    await expect(
      store().tasks.createWithAttempt(makeTask(), makeAttempt({ taskId: 'task-2' })),
    ).rejects.toMatchObject({ code: 'SKIFF_INTERNAL' });
    expect(await store().tasks.listByRun('run-1')).toEqual([]);
  });
}
