import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getRecurringRun, setRecurringRunEnabled } from '../../api/recurring-api';
import type { PageProps } from '../../app/app-route';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { formatTime } from '../../format/time';
import { hashHref } from '../../router/hash-location';
import { RunsTable } from '../runs/RunsTable';
import { nextFireTimes } from './fire-times';
import { isEnabled, triggerText } from './trigger-text';

/** `#/recurringrun/details/ID`: the trigger, its next five fire times, enable/disable, and the runs it made. */
export default function RecurringRunDetailsPage({ params }: PageProps) {
  const id = params.id ?? '';
  const client = useQueryClient();
  const rr = useQuery({ queryKey: ['recurring-run', id], queryFn: () => getRecurringRun(id) });
  const [actionError, setActionError] = useState<unknown>();
  if (rr.error) return <ErrorBanner error={rr.error} title={`Could not read recurring run ${id}`} />;
  if (rr.data === undefined) return <Loading what="Loading the recurring run" />;
  const data = rr.data;
  const enabled = isEnabled(data);
  const bounds = data.trigger?.cron_schedule ?? data.trigger?.periodic_schedule ?? {};
  const times = nextFireTimes(data, Date.now());
  const toggle = async () => {
    setActionError(undefined);
    try {
      await setRecurringRunEnabled(id, !enabled);
    } catch (error) {
      setActionError(error);
    }
    await client.invalidateQueries({ queryKey: ['recurring-run', id] });
    await client.invalidateQueries({ queryKey: ['recurring-runs'] });
  };
  const ref = data.pipeline_version_reference;
  return (
    <div className="page">
      <PageHeader
        title={data.display_name}
        crumbs={[{ label: 'Recurring runs', href: '#/recurringruns' }, { label: data.display_name }]}
        actions={
          <>
            <button type="button" className="btn" onClick={() => void toggle()}>
              {enabled ? 'Disable' : 'Enable'}
            </button>
            <a className="btn" href={`#/runs/new?cloneFromRecurringRun=${encodeURIComponent(id)}`}>
              Clone
            </a>
          </>
        }
      />
      {actionError !== undefined && (
        <ErrorBanner error={actionError} title="Could not change the recurring run" />
      )}
      {data.error?.message && (
        <ErrorBanner error={new Error(data.error.message)} title="Last trigger failed" />
      )}
      <div className="card card-body">
        <dl className="kv" aria-label="Recurring run">
          <dt>Status</dt>
          <dd data-testid="recurring-status">{enabled ? 'Enabled' : 'Disabled'}</dd>
          <dt>Trigger</dt>
          <dd className="mono">{triggerText(data)}</dd>
          <dt>Max concurrency</dt>
          <dd>{String(data.max_concurrency ?? '–')}</dd>
          <dt>Catch-up</dt>
          <dd>
            {data.no_catchup ? 'No: only the latest missed trigger runs' : 'Yes: every missed trigger runs'}
          </dd>
          <dt>Start</dt>
          <dd>{formatTime(bounds.start_time)}</dd>
          <dt>End</dt>
          <dd>{formatTime(bounds.end_time)}</dd>
          <dt>Pipeline</dt>
          <dd>
            {ref?.pipeline_id && ref.pipeline_version_id ? (
              <a href={hashHref('pipelines', 'details', ref.pipeline_id, 'version', ref.pipeline_version_id)}>
                {ref.pipeline_id}
              </a>
            ) : (
              'its own pipeline spec'
            )}
          </dd>
          <dt>Experiment</dt>
          <dd>
            {data.experiment_id ? (
              <a href={hashHref('experiments', 'details', data.experiment_id)}>{data.experiment_id}</a>
            ) : (
              '–'
            )}
          </dd>
          <dt>Created</dt>
          <dd>{formatTime(data.created_at)}</dd>
          <dt>Last triggered</dt>
          <dd>{formatTime(data.skiff_last_scheduled_at)}</dd>
        </dl>
      </div>
      <section className="card card-body" aria-label="Next fire times">
        <h2>Next fire times</h2>
        {times.length === 0 ? (
          <p className="muted">{enabled ? 'The schedule has ended.' : 'Disabled: nothing will fire.'}</p>
        ) : (
          <ol>
            {times.map((time) => (
              <li key={time}>
                <time dateTime={new Date(time).toISOString()}>
                  {formatTime(new Date(time).toISOString())}
                </time>{' '}
                <span className="muted">({new Date(time).toISOString().replace('.000Z', 'Z')})</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <h2>Runs it made</h2>
      <RunsTable recurringRunId={id} />
    </div>
  );
}
