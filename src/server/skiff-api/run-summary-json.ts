import type { RunLabels, RunRecord } from '../../metadata/index.js';
import { rfc3339 } from '../kfp/run-json.js';
import type { ScalarMetric } from './run-metrics.js';

/**
 * A run as the Skiff runs list shows it (one row of `GET /apis/skiff/v1/runs`): state, times and
 * duration, the names of its pipeline, version, experiment and recurring run, and its values for
 * the page's metric columns. Absent values are null.
 */
export function runSummaryJson(
  run: RunRecord,
  labels: RunLabels | undefined,
  metrics: readonly ScalarMetric[],
  columns: readonly string[],
): Record<string, unknown> {
  const byName = new Map(metrics.map((metric) => [metric.name, metric]));
  return {
    run_id: run.id,
    display_name: run.displayName,
    state: run.state,
    storage_state: run.storageState,
    created_at: rfc3339(run.createdAtMs),
    scheduled_at: rfc3339(run.scheduledAtMs),
    started_at: rfc3339(run.startedAtMs) ?? null,
    finished_at: rfc3339(run.finishedAtMs) ?? null,
    duration_ms:
      run.startedAtMs !== null && run.finishedAtMs !== null ? run.finishedAtMs - run.startedAtMs : null,
    pipeline_id: run.pipelineVersion?.pipelineId ?? null,
    // A run of an inline spec has no pipeline record: its name is the spec's pipelineInfo.name.
    pipeline_name: labels?.pipelineName ?? run.pipelineName,
    pipeline_version_id: run.pipelineVersion?.pipelineVersionId ?? null,
    pipeline_version_name: labels?.pipelineVersionName ?? null,
    experiment_id: run.experimentId,
    experiment_name: labels?.experimentName ?? null,
    recurring_run_id: run.recurringRunId,
    recurring_run_name: labels?.recurringRunName ?? null,
    error: run.error,
    metrics: columns.flatMap((name) => {
      const metric = byName.get(name);
      return metric === undefined ? [] : [{ name, value: metric.value, artifact_id: metric.artifactId }];
    }),
  };
}
