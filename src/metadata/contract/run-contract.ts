import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import type { RunState } from '../records.js';
import { makeAttempt, makeRun, makeTask, SAMPLE_IO, SAMPLE_STORAGE, T0 } from './fixtures.js';

/** Registers the RunStore tests; `store()` is a fresh, empty store per test. */
export function runStoreContract(store: () => MetadataStore): void {
  it('round-trips a run with null fields, and one with every field set', async () => {
    const bare = makeRun();
    const full = makeRun({
      id: 'run-full',
      state: 'SUCCEEDED',
      // A catch-up run: created after the trigger time it was scheduled for.
      scheduledAtMs: T0 - 180_000,
      startedAtMs: T0 + 10,
      finishedAtMs: T0 + 20,
      outputs: SAMPLE_IO,
      error: 'task "x" failed: exit 1',
      arguments: { list: [1, 2], struct: { a: null } },
      options: { cache: false, maxParallelTasks: 2 },
      storage: SAMPLE_STORAGE,
      experimentId: 'exp-1',
      description: 'a run with every field',
      storageState: 'ARCHIVED',
      pipelineVersion: { pipelineId: 'p-1', pipelineVersionId: 'v-1' },
      recurringRunId: 'rr-1',
    });
    await store().runs.create(bare);
    await store().runs.create(full);
    expect(await store().runs.get(bare.id)).toStrictEqual(bare);
    expect(await store().runs.get(full.id)).toStrictEqual(full);
  });

  it('returns undefined for an unknown run id', async () => {
    expect(await store().runs.get('no-such-run')).toBeUndefined();
  });

  it('rejects a second run with the same id', async () => {
    await store().runs.create(makeRun());
    await expect(store().runs.create(makeRun())).rejects.toMatchObject({ code: 'SKIFF_METADATA_CONFLICT' });
  });

  it('updates only the patched fields of a run, including setting them back to null', async () => {
    await store().runs.create(makeRun());
    await store().runs.update('run-1', { state: 'RUNNING', startedAtMs: T0 + 5 });
    await store().runs.update('run-1', {
      state: 'FAILED',
      finishedAtMs: T0 + 9,
      error: 'boom',
      outputs: SAMPLE_IO,
    });
    await store().runs.update('run-1', { pipelineRoot: 'file:///elsewhere', outputs: null });
    await store().runs.update('run-1', {
      storage: SAMPLE_STORAGE,
      storageState: 'ARCHIVED',
      experimentId: 'e',
    });
    await store().runs.update('run-1', {});
    expect(await store().runs.get('run-1')).toStrictEqual(
      makeRun({
        state: 'FAILED',
        startedAtMs: T0 + 5,
        finishedAtMs: T0 + 9,
        error: 'boom',
        outputs: null,
        pipelineRoot: 'file:///elsewhere',
        storage: SAMPLE_STORAGE,
        storageState: 'ARCHIVED',
        experimentId: 'e',
      }),
    );
  });

  it('refuses to update a run that does not exist', async () => {
    await expect(store().runs.update('ghost', { state: 'RUNNING' })).rejects.toMatchObject({
      code: 'SKIFF_RUN_NOT_FOUND',
    });
  });

  it('lists runs newest first, filtered by state, paged by limit and offset', async () => {
    const states: RunState[] = ['SUCCEEDED', 'RUNNING', 'FAILED', 'PENDING', 'CANCELING', 'CANCELED'];
    for (const [i, state] of states.entries()) {
      await store().runs.create(makeRun({ id: `run-${i}`, state, createdAtMs: T0 + i * 1000 }));
    }
    const ids = (runs: { id: string }[]) => runs.map((run) => run.id);
    expect(ids(await store().runs.list())).toEqual(['run-5', 'run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
    expect(ids(await store().runs.list({ limit: 2 }))).toEqual(['run-5', 'run-4']);
    expect(ids(await store().runs.list({ limit: 2, offset: 2 }))).toEqual(['run-3', 'run-2']);
    expect(ids(await store().runs.list({ offset: 4 }))).toEqual(['run-1', 'run-0']);
    expect(ids(await store().runs.list({ states: ['FAILED', 'SUCCEEDED'] }))).toEqual(['run-2', 'run-0']);
    expect(ids(await store().runs.list({ states: ['RUNNING'], limit: 5 }))).toEqual(['run-1']);
    expect(await store().runs.list({ states: [] })).toEqual([]);
  });

  it('lists unfinished runs (PENDING, RUNNING, CANCELING) oldest first', async () => {
    const states: RunState[] = ['CANCELING', 'SUCCEEDED', 'PENDING', 'FAILED', 'RUNNING', 'CANCELED'];
    for (const [i, state] of states.entries()) {
      await store().runs.create(makeRun({ id: `run-${i}`, state, createdAtMs: T0 + i }));
    }
    const unfinished = await store().runs.listUnfinished();
    expect(unfinished.map((run) => [run.id, run.state])).toEqual([
      ['run-0', 'CANCELING'],
      ['run-2', 'PENDING'],
      ['run-4', 'RUNNING'],
    ]);
  });

  it('lists run states by id, and the unfinished and newest runs, without their specs', async () => {
    const states: RunState[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'PENDING', 'SUCCEEDED'];
    for (const [i, state] of states.entries()) {
      await store().runs.create(
        makeRun({ id: `run-${i}`, state, createdAtMs: T0 + i, error: state === 'FAILED' ? 'boom' : null }),
      );
    }
    const byId = await store().runs.listStates(['run-2', 'no-such-run', 'run-0']);
    expect(byId.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        id: 'run-0',
        displayName: makeRun().displayName,
        state: 'RUNNING',
        createdAtMs: T0,
        startedAtMs: null,
        finishedAtMs: null,
        error: null,
      },
      expect.objectContaining({ id: 'run-2', state: 'FAILED', error: 'boom', createdAtMs: T0 + 2 }),
    ]);
    expect(await store().runs.listStates([])).toEqual([]);
    // The 2 newest (run-4, run-3) and the unfinished (run-3, run-0), newest first, once each.
    const recent = await store().runs.listRecentStates(2);
    expect(recent.map((run) => [run.id, run.state])).toEqual([
      ['run-4', 'SUCCEEDED'],
      ['run-3', 'PENDING'],
      ['run-0', 'RUNNING'],
    ]);
    expect(recent[0]).not.toHaveProperty('specText');
  });

  it('deletes a run with everything recorded about it', async () => {
    await store().runs.create(makeRun());
    await store().tasks.create(makeTask());
    await store().attempts.create(makeAttempt());
    expect(await store().runs.delete('run-1')).toBe(true);
    expect(await store().runs.get('run-1')).toBeUndefined();
    expect(await store().tasks.listByRun('run-1')).toEqual([]);
    expect(await store().attempts.listByRun('run-1')).toEqual([]);
    expect(await store().runs.delete('run-1')).toBe(false);
  });
}
