import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { setRunArchived } from '../../api/runs-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { navigate } from '../../router/hash-location';
import { RUNS_LIST_START, runsQueryOf, type SortKey } from './first-page';
import { RunRow } from './RunRow';
import { RunsToolbar } from './RunsToolbar';
import { useDebounced } from './use-debounced';
import { useRunsLive } from './use-runs-live';
import { useRunsPage } from './use-runs-page';
import './runs.css';
import { PageButtons } from '../../design/PageButtons';

/**
 * A page of runs from one request, kept live by the runs-list stream: filters, sort, paging,
 * multi-select with Compare and Archive (or Restore in the archived view). Reused by the
 * experiment and recurring-run pages with a fixed filter.
 */
export function RunsTable({
  archived = false,
  experimentId,
  recurringRunId,
}: {
  readonly archived?: boolean;
  readonly experimentId?: string;
  readonly recurringRunId?: string;
}) {
  const [search, setSearch] = useState('');
  const [state, setState] = useState('');
  const [pageSize, setPageSize] = useState(RUNS_LIST_START.pageSize);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>(RUNS_LIST_START.sort);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const storageState = archived ? 'ARCHIVED' : 'AVAILABLE';
  const query = runsQueryOf({
    archived,
    experimentId,
    recurringRunId,
    state,
    search: useDebounced(search),
    sort,
    pageSize,
  });
  const page = useRunsPage(query);
  const newRuns = useRunsLive(page.key, storageState);
  const client = useQueryClient();
  const toggle = useCallback(
    (runId: string) =>
      setSelected((current) => {
        const next = new Set(current);
        if (!next.delete(runId)) next.add(runId);
        return next;
      }),
    [],
  );
  const runs = page.data?.runs ?? [];
  const columns = page.data?.metric_columns ?? [];
  const chosen = runs.filter((run) => selected.has(run.run_id)).map((run) => run.run_id);

  const archiveChosen = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      for (const id of chosen) await setRunArchived(id, !archived);
      setSelected(new Set());
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['runs-page'] });
    }
  };
  const sortBy = (key: SortKey) =>
    setSort((current) =>
      current.key === key ? { key, desc: !current.desc } : { key, desc: key === 'created_at' },
    );
  const arrow = (key: SortKey) => (sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : '');
  const ariaSort = (key: SortKey) =>
    sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined;

  return (
    <section className="runs-table" aria-label={archived ? 'Archived runs' : 'Runs'}>
      <RunsToolbar
        search={search}
        onSearch={setSearch}
        state={state}
        onState={setState}
        pageSize={pageSize}
        onPageSize={setPageSize}
      >
        <button
          type="button"
          className="btn"
          disabled={chosen.length < 2 || chosen.length > 10}
          title="Compare 2 to 10 selected runs"
          onClick={() => navigate(`/compare?runlist=${chosen.map(encodeURIComponent).join(',')}`)}
        >
          Compare ({chosen.length})
        </button>
        <button type="button" className="btn" disabled={chosen.length === 0 || busy} onClick={archiveChosen}>
          {archived ? 'Restore' : 'Archive'}
        </button>
      </RunsToolbar>
      {actionError !== undefined && <ErrorBanner error={actionError} title="Could not change the runs" />}
      {newRuns > 0 && (
        <div className="banner banner-info runs-new">
          <span>
            {newRuns} new run{newRuns === 1 ? '' : 's'} since this page loaded.{' '}
            <button type="button" className="btn btn-small" onClick={() => void page.refetch()}>
              Show
            </button>
          </span>
        </div>
      )}
      {page.error ? (
        <ErrorBanner error={page.error} title="Could not list the runs" onRetry={() => void page.refetch()} />
      ) : page.data === undefined ? (
        <Loading what="Loading runs" />
      ) : (
        <div className="card runs-scroll">
          <table className="table">
            <thead>
              <tr>
                <th aria-label="Selection" />
                <th aria-sort={ariaSort('display_name')}>
                  <button type="button" className="runs-sort" onClick={() => sortBy('display_name')}>
                    Name{arrow('display_name')}
                  </button>
                </th>
                <th>State</th>
                <th className="num">Duration</th>
                <th>Pipeline (version)</th>
                <th>Experiment</th>
                <th>Recurring run</th>
                <th aria-sort={ariaSort('created_at')}>
                  <button type="button" className="runs-sort" onClick={() => sortBy('created_at')}>
                    Start time{arrow('created_at')}
                  </button>
                </th>
                {columns.map((name) => (
                  <th key={name} className="num" title="Scalar metric">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <RunRow
                  key={run.run_id}
                  run={run}
                  columns={columns}
                  selected={selected.has(run.run_id)}
                  onToggle={toggle}
                />
              ))}
            </tbody>
          </table>
          {runs.length === 0 && <Empty>No runs{archived ? ' archived' : ''} match.</Empty>}
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        <span className="muted">
          {page.data === undefined
            ? ''
            : `Page ${page.pageNumber} · ${page.data.total_size.toLocaleString('en-US')} run${page.data.total_size === 1 ? '' : 's'}`}
        </span>
        <PageButtons onPrevious={page.previous} onNext={page.next} />
      </nav>
    </section>
  );
}
