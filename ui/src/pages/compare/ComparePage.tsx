import './compare.css';
import { useMemo } from 'react';
import type { PageProps } from '../../app/app-route';
import { ErrorBanner, WarningBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { StateBadge } from '../../design/StateBadge';
import { ClassificationCompare } from './ClassificationCompare';
import { CompareTable } from './CompareTable';
import { MAX_COMPARED_RUNS, parameterRows, runIdsOf } from './compare-table';
import { MetricsCompare } from './MetricsCompare';
import { useComparedRuns } from './use-compared-runs';

/** `#/compare?runlist=A,B,...`: parameters, scalar metrics, ROC curves and confusion matrices of runs side by side. */
export function ComparePage({ query }: PageProps) {
  const runlist = query.get('runlist');
  const { ids, dropped } = useMemo(() => runIdsOf(runlist), [runlist]);
  const { runs, failures, loading } = useComparedRuns(ids);
  // Keep the order of the run list, whatever order the answers came in.
  const ordered = useMemo(() => ids.flatMap((id) => runs.filter((run) => run.id === id)), [ids, runs]);
  const parameters = useMemo(() => parameterRows(ordered), [ordered]);
  return (
    <div className="page">
      <PageHeader
        title={`Compare ${ids.length} run${ids.length === 1 ? '' : 's'}`}
        crumbs={[{ label: 'Runs', href: '#/runs' }, { label: 'Compare' }]}
      />
      {ids.length === 0 && (
        <Empty>
          No runs to compare: select runs on the <a href="#/runs">runs list</a> and choose Compare (the
          address is <code>#/compare?runlist=RUN1,RUN2</code>).
        </Empty>
      )}
      {dropped > 0 && (
        <WarningBanner>
          Only the first {MAX_COMPARED_RUNS} runs are compared; {dropped} more were left out.
        </WarningBanner>
      )}
      {failures.map((failure) => (
        <ErrorBanner
          key={failure.id}
          error={failure.error}
          title={`Run ${failure.id}`}
          onRetry={failure.retry}
        />
      ))}
      {loading && <Loading what="Loading the runs" />}
      {/* Drawn once every run answered, so columns and curves keep the run list's order. */}
      {!loading && ordered.length > 0 && (
        <>
          <section className="card compare-section" aria-label="Runs">
            <ul className="compare-runs">
              {ordered.map((run) => (
                <li key={run.id}>
                  <a href={`#/runs/details/${encodeURIComponent(run.id)}`}>{run.name}</a>{' '}
                  <StateBadge state={run.state} />
                </li>
              ))}
            </ul>
          </section>
          <section className="card compare-section" aria-label="Parameters">
            <h2>Parameters</h2>
            <CompareTable label="Parameters" rows={parameters} runs={ordered} empty="No parameters." />
          </section>
          <MetricsCompare runs={ordered} />
          <ClassificationCompare runs={ordered} />
        </>
      )}
    </div>
  );
}
