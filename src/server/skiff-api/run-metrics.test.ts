import { describe, expect, it } from 'vitest';
import { makeArtifact } from '../../metadata/testing.js';
import { metricColumns, scalarMetricsByRun } from './run-metrics.js';

const metrics = (id: string, runId: string, metadata: Record<string, unknown>) =>
  makeArtifact({ id, runId, schemaTitle: 'system.Metrics', metadata: metadata as never });

describe('scalar metrics of runs', () => {
  it('keeps finite numbers of system.Metrics artifacts, the first artifact naming a metric winning', () => {
    const byRun = scalarMetricsByRun([
      metrics('a1', 'r1', { accuracy: 0.9, display_name: 'metrics', nan: Number.NaN, nested: { x: 1 } }),
      metrics('a2', 'r1', { accuracy: 0.1, loss: 0.3 }),
      makeArtifact({ id: 'model', runId: 'r1', metadata: { accuracy: 0.5 } }),
      metrics('b1', 'r2', { f1: 2 }),
    ]);
    expect(byRun.get('r1')).toEqual([
      { name: 'accuracy', value: 0.9, artifactId: 'a1' },
      { name: 'loss', value: 0.3, artifactId: 'a2' },
    ]);
    expect(byRun.get('r2')).toEqual([{ name: 'f1', value: 2, artifactId: 'b1' }]);
  });

  it('picks the columns most runs of the page have, ties by first appearance', () => {
    const byRun = scalarMetricsByRun([
      metrics('a', 'r1', { loss: 1, rare: 2 }),
      metrics('b', 'r2', { accuracy: 1, loss: 2 }),
      metrics('c', 'r3', { accuracy: 3, other: 4 }),
    ]);
    expect(metricColumns(['r1', 'r2', 'r3'], byRun, 3)).toEqual(['loss', 'accuracy', 'rare']);
    expect(metricColumns(['r1', 'r2', 'r3'], byRun, 1)).toEqual(['loss']);
    expect(metricColumns(['r1', 'r2', 'r3'], byRun, 0)).toEqual([]);
    expect(metricColumns(['r9'], byRun, 3)).toEqual([]);
  });
});
