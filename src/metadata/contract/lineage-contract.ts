import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import type { ArtifactEvent } from '../records.js';
import { makeArtifact, makeAttempt, makeRun, makeTask, SAMPLE_IO, T0 } from './fixtures.js';

/** Registers the AttemptStore, ArtifactStore and CacheStore tests; `store()` is fresh per test. */
export function lineageStoreContract(store: () => MetadataStore): void {
  const seed = async () => {
    await store().runs.create(makeRun());
    await store().tasks.create(makeTask());
    await store().tasks.create(makeTask({ id: 'task-2', path: 'train', name: 'train' }));
  };

  it('round-trips attempts, updates them, and lists them by task in number order', async () => {
    await seed();
    await store().attempts.create(makeAttempt({ number: 2, startedAtMs: T0 + 50, retryRound: 1 }));
    await store().attempts.create(makeAttempt({ number: 1 }));
    await store().attempts.update('task-1', 1, {
      state: 'FAILED',
      finishedAtMs: T0 + 3,
      exitCode: 137,
      failureKind: 'SYSTEM',
      message: 'executor lost',
      logUri: 'file:///tmp/logs/1.log',
      nextRetryAtMs: T0 + 50,
    });
    await store().attempts.update('task-1', 2, { state: 'SUCCEEDED', exitCode: 0, finishedAtMs: T0 + 60 });
    expect(await store().attempts.listByTask('task-1')).toStrictEqual([
      makeAttempt({
        state: 'FAILED',
        finishedAtMs: T0 + 3,
        exitCode: 137,
        failureKind: 'SYSTEM',
        message: 'executor lost',
        logUri: 'file:///tmp/logs/1.log',
        nextRetryAtMs: T0 + 50,
      }),
      makeAttempt({
        number: 2,
        startedAtMs: T0 + 50,
        retryRound: 1,
        state: 'SUCCEEDED',
        exitCode: 0,
        finishedAtMs: T0 + 60,
      }),
    ]);
    expect(await store().attempts.listByTask('task-2')).toEqual([]);
  });

  it('lists the attempts of a run by start time', async () => {
    await seed();
    await store().attempts.create(makeAttempt({ taskId: 'task-2', startedAtMs: T0 + 9 }));
    await store().attempts.create(makeAttempt({ startedAtMs: T0 + 1 }));
    await store().attempts.create(makeAttempt({ number: 2, startedAtMs: T0 + 20 }));
    const listed = await store().attempts.listByRun('run-1');
    expect(listed.map((a) => `${a.taskId}#${a.number}`)).toEqual(['task-1#1', 'task-2#1', 'task-1#2']);
  });

  it('rejects a duplicate attempt number and an update of a missing attempt', async () => {
    await seed();
    await store().attempts.create(makeAttempt());
    await expect(store().attempts.create(makeAttempt())).rejects.toMatchObject({
      code: 'SKIFF_METADATA_CONFLICT',
    });
    await expect(store().attempts.update('task-1', 2, { state: 'FAILED' })).rejects.toMatchObject({
      code: 'SKIFF_TASK_NOT_FOUND',
    });
  });

  it('round-trips artifacts, with and without a producer, and lists them by run', async () => {
    await seed();
    const produced = makeArtifact({ metadata: { nested: { list: [1, null, 'x'] }, display_name: 'm' } });
    const imported = makeArtifact({ id: 'art-0', producerTaskId: null, createdAtMs: T0 + 100, metadata: {} });
    await store().artifacts.create(imported);
    await store().artifacts.create(produced);
    expect(await store().artifacts.get('art-1')).toStrictEqual(produced);
    expect(await store().artifacts.get('art-0')).toStrictEqual(imported);
    expect(await store().artifacts.get('nope')).toBeUndefined();
    expect(await store().artifacts.listByRun('run-1')).toStrictEqual([produced, imported]);
    expect(await store().artifacts.listByRun('run-2')).toEqual([]);
  });

  it('records lineage events per task in insertion order, once each', async () => {
    await seed();
    await store().artifacts.create(makeArtifact());
    await store().artifacts.create(makeArtifact({ id: 'art-2', name: 'metrics' }));
    const output: ArtifactEvent = { artifactId: 'art-1', taskId: 'task-1', type: 'OUTPUT', name: 'model' };
    const inputs: ArtifactEvent[] = [
      { artifactId: 'art-2', taskId: 'task-2', type: 'INPUT', name: 'metrics' },
      { artifactId: 'art-1', taskId: 'task-2', type: 'INPUT', name: 'model' },
      { artifactId: 'art-1', taskId: 'task-2', type: 'INPUT', name: 'model_copy' },
    ];
    await store().artifacts.addEvents([output]);
    await store().artifacts.addEvents(inputs);
    await store().artifacts.addEvents([inputs[1]!]);
    await store().artifacts.addEvents([]);
    expect(await store().artifacts.listEvents('task-1')).toStrictEqual([output]);
    expect(await store().artifacts.listEvents('task-2')).toStrictEqual(inputs);
  });

  it('adds hundreds of lineage events in one call', async () => {
    await seed();
    await store().artifacts.create(makeArtifact());
    const events = Array.from(
      { length: 400 },
      (_, i): ArtifactEvent => ({
        artifactId: 'art-1',
        taskId: 'task-2',
        type: 'INPUT',
        name: `in-${i}`,
      }),
    );
    await store().artifacts.addEvents(events);
    expect(await store().artifacts.listEvents('task-2')).toStrictEqual(events);
  });

  it('rejects a lineage event naming an artifact that does not exist', async () => {
    await seed();
    const event: ArtifactEvent = { artifactId: 'ghost', taskId: 'task-1', type: 'OUTPUT', name: 'x' };
    await expect(store().artifacts.addEvents([event])).rejects.toMatchObject({
      code: 'SKIFF_METADATA_CONFLICT',
    });
  });

  it('gets and puts cache entries, a put replacing the entry with the same key', async () => {
    const entry = {
      pipelineName: 'p',
      key: 'k',
      taskId: 'task-1',
      runId: 'run-1',
      outputs: SAMPLE_IO,
      createdAtMs: T0,
    };
    expect(await store().cache.get('p', 'k')).toBeUndefined();
    await store().cache.put(entry);
    await store().cache.put({ ...entry, pipelineName: 'other' });
    expect(await store().cache.get('p', 'k')).toStrictEqual(entry);
    const newer = {
      ...entry,
      taskId: 'task-9',
      runId: 'run-9',
      outputs: { parameters: {}, artifacts: {} },
      createdAtMs: T0 + 1,
    };
    await store().cache.put(newer);
    expect(await store().cache.get('p', 'k')).toStrictEqual(newer);
    expect(await store().cache.get('other', 'k')).toStrictEqual({ ...entry, pipelineName: 'other' });
    expect(await store().cache.get('p', 'K')).toBeUndefined();
  });
}
