import { expect, it } from 'vitest';
import type { MetadataStore } from '../metadata-store.js';
import type { ArtifactEvent } from '../records.js';
import { makeArtifact, makeRecurringRun, makeRun, makeTask, T0 } from './fixtures.js';

/**
 * Registers the tests of what a page of runs and a run's artifacts page read in a bounded number
 * of queries: names of a run's references, artifacts of many runs by type, a run's lineage.
 */
export function runPageContract(store: () => MetadataStore): void {
  it('names the pipeline, version, experiment and recurring run of many runs at once', async () => {
    const s = store();
    await s.pipelines.create({
      id: 'p-1',
      name: 'hello',
      displayName: 'Hello pipeline',
      description: '',
      namespace: '',
      createdAtMs: T0,
    });
    await s.pipelineVersions.create({
      id: 'v-1',
      pipelineId: 'p-1',
      name: 'v1',
      displayName: 'Version one',
      description: '',
      specText: 'pipelineInfo:\n  name: hello\n',
      createdAtMs: T0,
    });
    await s.experiments.create({
      id: 'e-1',
      displayName: 'Experiment one',
      description: '',
      namespace: '',
      storageState: 'AVAILABLE',
      createdAtMs: T0,
      lastRunCreatedAtMs: null,
    });
    await s.recurringRuns.create(makeRecurringRun({ id: 'rr-1', displayName: 'Nightly' }));
    await s.runs.create(
      makeRun({
        id: 'run-1',
        experimentId: 'e-1',
        pipelineVersion: { pipelineId: 'p-1', pipelineVersionId: 'v-1' },
        recurringRunId: 'rr-1',
      }),
    );
    await s.runs.create(makeRun({ id: 'run-2' }));
    const labels = await s.runs.listLabels(['run-1', 'run-2', 'missing']);
    expect(labels.get('run-1')).toStrictEqual({
      pipelineName: 'Hello pipeline',
      pipelineVersionName: 'Version one',
      experimentName: 'Experiment one',
      recurringRunName: 'Nightly',
    });
    expect(labels.get('run-2')).toStrictEqual({
      pipelineName: null,
      pipelineVersionName: null,
      experimentName: null,
      recurringRunName: null,
    });
    expect(labels.has('missing')).toBe(false);
    expect((await s.runs.listLabels([])).size).toBe(0);
  });

  it('lists the artifacts of a type for many runs, by run then creation order', async () => {
    const s = store();
    for (const id of ['run-a', 'run-b', 'run-c']) await s.runs.create(makeRun({ id }));
    const metrics = (id: string, runId: string, atMs: number, accuracy: number) =>
      makeArtifact({
        id,
        runId,
        producerTaskId: null,
        name: 'metrics',
        schemaTitle: 'system.Metrics',
        metadata: { accuracy },
        createdAtMs: atMs,
      });
    await s.artifacts.create(metrics('m-b2', 'run-b', T0 + 2, 0.2));
    await s.artifacts.create(metrics('m-b1', 'run-b', T0 + 1, 0.1));
    await s.artifacts.create(metrics('m-a', 'run-a', T0, 0.5));
    await s.artifacts.create(metrics('m-c', 'run-c', T0, 0.7));
    await s.artifacts.create(makeArtifact({ id: 'model-a', runId: 'run-a', producerTaskId: null }));
    const listed = await s.artifacts.listByRunsOfType(['run-a', 'run-b'], 'system.Metrics');
    expect(listed.map((a) => a.id)).toEqual(['m-a', 'm-b1', 'm-b2']);
    expect(listed[0]).toStrictEqual(metrics('m-a', 'run-a', T0, 0.5));
    expect(await s.artifacts.listByRunsOfType([], 'system.Metrics')).toEqual([]);
  });

  it("lists a run's artifacts with every producer and consumer event, and the artifacts it read from other runs", async () => {
    const s = store();
    await s.runs.create(makeRun());
    await s.runs.create(makeRun({ id: 'run-0' }));
    await s.tasks.create(makeTask({ id: 'task-0', runId: 'run-0', path: 'old', name: 'old' }));
    await s.tasks.create(makeTask());
    await s.tasks.create(makeTask({ id: 'task-2', path: 'train', name: 'train' }));
    await s.artifacts.create(makeArtifact({ id: 'old-data', runId: 'run-0', producerTaskId: 'task-0' }));
    await s.artifacts.create(makeArtifact());
    await s.artifacts.create(
      makeArtifact({ id: 'art-2', name: 'imported', producerTaskId: null, createdAtMs: T0 + 9 }),
    );
    const events: ArtifactEvent[] = [
      { artifactId: 'old-data', taskId: 'task-0', type: 'OUTPUT', name: 'data' },
      { artifactId: 'art-1', taskId: 'task-1', type: 'OUTPUT', name: 'model' },
      { artifactId: 'old-data', taskId: 'task-1', type: 'INPUT', name: 'data' },
      { artifactId: 'art-1', taskId: 'task-2', type: 'INPUT', name: 'model' },
    ];
    for (const event of events) await s.artifacts.addEvents([event]);
    const lineage = await s.artifacts.listLineageOfRun('run-1');
    expect(lineage.artifacts.map((a) => a.id)).toEqual(['art-1', 'old-data', 'art-2']);
    expect(lineage.events).toStrictEqual(events.slice(1));
    expect(await s.artifacts.listLineageOfRun('nope')).toStrictEqual({ artifacts: [], events: [] });
  });
}
