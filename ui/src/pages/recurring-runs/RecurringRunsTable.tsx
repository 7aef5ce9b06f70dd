import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchExperiments } from '../../api/experiments-api';
import {
  fetchRecurringRuns,
  type KfpRecurringRun,
  recurringRunsOf,
  setRecurringRunEnabled,
} from '../../api/recurring-api';
import { searchPipelines } from '../../api/runs-create-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { PageButtons } from '../../design/PageButtons';
import { formatTime } from '../../format/time';
import { hashHref } from '../../router/hash-location';
import { isEnabled, triggerText } from './trigger-text';

/**
 * Recurring runs (of one experiment, or all) with server-side paging: name, trigger, enabled (with
 * a switch), pipeline, experiment, created. Names of pipelines and experiments come from one list
 * request each, never one per row.
 */
export function RecurringRunsTable({ experimentId }: { readonly experimentId?: string }) {
  const [tokens, setTokens] = useState<readonly (string | undefined)[]>([undefined]);
  const token = tokens[tokens.length - 1];
  const page = useQuery({
    queryKey: ['recurring-runs', experimentId ?? '', token ?? ''],
    queryFn: () => fetchRecurringRuns(experimentId, token),
  });
  const names = useQuery({
    queryKey: ['recurring-names'],
    queryFn: async () => {
      const [pipelines, experiments] = await Promise.all([
        searchPipelines(''),
        fetchExperiments('AVAILABLE', '', undefined, 200),
      ]);
      return {
        pipelines: new Map(pipelines.map((p) => [p.pipeline_id, p.display_name || p.name || p.pipeline_id])),
        experiments: new Map((experiments.experiments ?? []).map((x) => [x.experiment_id, x.display_name])),
      };
    },
  });
  const client = useQueryClient();
  const [actionError, setActionError] = useState<unknown>();
  const toggle = async (rr: KfpRecurringRun) => {
    setActionError(undefined);
    try {
      await setRecurringRunEnabled(rr.recurring_run_id, !isEnabled(rr));
    } catch (error) {
      setActionError(error);
    }
    await client.invalidateQueries({ queryKey: ['recurring-runs'] });
  };
  if (page.error) return <ErrorBanner error={page.error} title="Could not list the recurring runs" />;
  if (page.data === undefined) return <Loading what="Loading recurring runs" />;
  const rows = recurringRunsOf(page.data);
  const next = page.data.next_page_token;
  return (
    <section className="card" aria-label="Recurring runs">
      {actionError !== undefined && (
        <ErrorBanner error={actionError} title="Could not change the recurring run" />
      )}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Trigger</th>
            <th>Enabled</th>
            <th>Pipeline</th>
            <th>Experiment</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((rr) => {
            const ref = rr.pipeline_version_reference;
            const pipelineName = ref?.pipeline_id
              ? (names.data?.pipelines.get(ref.pipeline_id) ?? ref.pipeline_id)
              : undefined;
            const inlineName = (rr.pipeline_spec as { pipelineInfo?: { name?: string } } | undefined)
              ?.pipelineInfo?.name;
            return (
              <tr key={rr.recurring_run_id} data-recurring-run-id={rr.recurring_run_id}>
                <td>
                  <a href={hashHref('recurringrun', 'details', rr.recurring_run_id)}>{rr.display_name}</a>
                </td>
                <td className="mono">{triggerText(rr)}</td>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={isEnabled(rr)}
                      aria-label={`Enabled: ${rr.display_name}`}
                      onChange={() => void toggle(rr)}
                    />
                    {isEnabled(rr) ? 'Enabled' : 'Disabled'}
                  </label>
                </td>
                <td>
                  {ref?.pipeline_id && ref.pipeline_version_id ? (
                    <a
                      href={hashHref(
                        'pipelines',
                        'details',
                        ref.pipeline_id,
                        'version',
                        ref.pipeline_version_id,
                      )}
                    >
                      {pipelineName}
                    </a>
                  ) : (
                    (inlineName ?? '–')
                  )}
                </td>
                <td>
                  {rr.experiment_id ? (
                    <a href={hashHref('experiments', 'details', rr.experiment_id)}>
                      {names.data?.experiments.get(rr.experiment_id) ?? rr.experiment_id}
                    </a>
                  ) : (
                    '–'
                  )}
                </td>
                <td>{formatTime(rr.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <Empty>No recurring runs.</Empty>}
      <nav className="pager" aria-label="Recurring run pages">
        <PageButtons
          onPrevious={tokens.length < 2 ? undefined : () => setTokens(tokens.slice(0, -1))}
          onNext={next === undefined ? undefined : () => setTokens([...tokens, next])}
        />
      </nav>
    </section>
  );
}
