import type { ArtifactRecord } from '../../metadata/index.js';

/** The schema title of KFP's scalar metrics artifacts (`dsl.Metrics`, `log_metric`). */
export const METRICS_SCHEMA_TITLE = 'system.Metrics';

/** One scalar metric of a run: its name (the metadata key), value, and the artifact it came from. */
export interface ScalarMetric {
  readonly name: string;
  readonly value: number;
  readonly artifactId: string;
}

/**
 * The scalar metrics of each run: the finite numbers in the metadata of its `system.Metrics`
 * artifacts, in artifact creation order then key order; the first artifact to name a metric wins.
 */
export function scalarMetricsByRun(artifacts: readonly ArtifactRecord[]): Map<string, ScalarMetric[]> {
  const byRun = new Map<string, Map<string, ScalarMetric>>();
  for (const artifact of artifacts) {
    if (artifact.schemaTitle !== METRICS_SCHEMA_TITLE) continue;
    const metrics = byRun.get(artifact.runId) ?? new Map<string, ScalarMetric>();
    byRun.set(artifact.runId, metrics);
    for (const [name, value] of Object.entries(artifact.metadata)) {
      if (typeof value === 'number' && Number.isFinite(value) && !metrics.has(name))
        metrics.set(name, { name, value, artifactId: artifact.id });
    }
  }
  return new Map([...byRun].map(([runId, metrics]) => [runId, [...metrics.values()]]));
}

/**
 * The metric columns of a page: the `count` names that the most runs of the page have, ties
 * broken by first appearance (page order, then each run's order).
 */
export function metricColumns(
  pageRunIds: readonly string[],
  metrics: ReadonlyMap<string, readonly ScalarMetric[]>,
  count: number,
): string[] {
  const seen = new Map<string, { runs: number; first: number }>();
  for (const runId of pageRunIds) {
    for (const metric of metrics.get(runId) ?? []) {
      const entry = seen.get(metric.name);
      if (entry === undefined) seen.set(metric.name, { runs: 1, first: seen.size });
      else entry.runs += 1;
    }
  }
  return [...seen]
    .sort(([, a], [, b]) => b.runs - a.runs || a.first - b.first)
    .slice(0, count)
    .map(([name]) => name);
}
