import { memo } from 'react';
import type { RunSummary } from '../../api/runs-api';
import { StateBadge } from '../../design/StateBadge';
import { LiveDuration } from '../../format/LiveDuration';
import { formatDuration, formatTime } from '../../format/time';
import { hashHref } from '../../router/hash-location';

/** A metric value as a table shows it: up to 4 significant digits, integers as they are. */
export function formatMetric(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** One run of the runs table: selection, name, state, duration, pipeline, experiment, recurring run, start, metrics. */
export const RunRow = memo(function RunRow({
  run,
  columns,
  selected,
  onToggle,
}: {
  readonly run: RunSummary;
  readonly columns: readonly string[];
  readonly selected: boolean;
  readonly onToggle: (runId: string) => void;
}) {
  const values = new Map(run.metrics.map((metric) => [metric.name, metric.value]));
  const pipelineText =
    run.pipeline_version_name && run.pipeline_version_name !== run.pipeline_name
      ? `${run.pipeline_name ?? '–'} (${run.pipeline_version_name})`
      : (run.pipeline_name ?? '–');
  return (
    <tr data-run-id={run.run_id} aria-selected={selected}>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${run.display_name}`}
          checked={selected}
          onChange={() => onToggle(run.run_id)}
        />
      </td>
      <td className="runs-name">
        <a href={hashHref('runs', 'details', run.run_id)}>{run.display_name || run.run_id}</a>
      </td>
      <td>
        <StateBadge state={run.state} {...(run.error ? { title: run.error } : {})} />
      </td>
      <td className="num">
        {run.duration_ms === null && run.state === 'RUNNING' ? (
          <LiveDuration start={run.started_at} end={null} />
        ) : (
          formatDuration(run.duration_ms)
        )}
      </td>
      <td>
        {run.pipeline_id && run.pipeline_version_id ? (
          <a href={hashHref('pipelines', 'details', run.pipeline_id, 'version', run.pipeline_version_id)}>
            {pipelineText}
          </a>
        ) : (
          pipelineText
        )}
      </td>
      <td>
        {run.experiment_id ? (
          <a href={hashHref('experiments', 'details', run.experiment_id)}>
            {run.experiment_name ?? run.experiment_id}
          </a>
        ) : (
          '–'
        )}
      </td>
      <td>
        {run.recurring_run_id ? (
          <a href={hashHref('recurringrun', 'details', run.recurring_run_id)}>
            {run.recurring_run_name ?? run.recurring_run_id}
          </a>
        ) : (
          '–'
        )}
      </td>
      <td className="runs-time">{formatTime(run.created_at)}</td>
      {columns.map((name) => (
        <td key={name} className="num" data-metric={name}>
          {formatMetric(values.get(name))}
        </td>
      ))}
    </tr>
  );
});
