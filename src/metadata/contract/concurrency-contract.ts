import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import { makeAttempt, makeRun, makeTask, T0 } from './fixtures.js';

/** Registers tests of many concurrent callers; `store()` is a fresh, empty store per test. */
export function concurrencyContract(store: () => MetadataStore): void {
  it('accepts hundreds of concurrent task lifecycles without losing or failing a write', async () => {
    await store().runs.create(makeRun());
    const count = 300;
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const id = `task-${i}`;
        const task = makeTask({ id, path: `loop[${i}].op` });
        // Every third task is written with its first attempt in one transaction, among the others' writes.
        if (i % 3 === 0) {
          await store().tasks.createWithAttempt(task, makeAttempt({ taskId: id }));
          await store().tasks.update(id, { state: 'RUNNING', startedAtMs: T0 + i });
        } else {
          await store().tasks.create(task);
          await store().tasks.update(id, { state: 'RUNNING', startedAtMs: T0 + i });
          await store().attempts.create(makeAttempt({ taskId: id }));
        }
        await store().attempts.update(id, 1, { state: 'SUCCEEDED', exitCode: 0, finishedAtMs: T0 + i + 1 });
        await store().tasks.update(id, { state: 'SUCCEEDED', finishedAtMs: T0 + i + 1 });
      }),
    );
    const tasks = await store().tasks.listByRun('run-1');
    expect(tasks).toHaveLength(count);
    expect(tasks.every((task) => task.state === 'SUCCEEDED')).toBe(true);
    const attempts = await store().attempts.listByRun('run-1');
    expect(attempts.filter((attempt) => attempt.exitCode === 0)).toHaveLength(count);
  });

  it('serves reads interleaved with concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await store().runs.create(makeRun({ id: `run-${i}`, createdAtMs: T0 + i }));
        expect((await store().runs.get(`run-${i}`))?.id).toBe(`run-${i}`);
        await store().runs.update(`run-${i}`, { state: 'RUNNING' });
        await store().runs.list({ limit: 5 });
      }),
    );
    expect(await store().runs.list({ states: ['RUNNING'] })).toHaveLength(50);
  });
}
