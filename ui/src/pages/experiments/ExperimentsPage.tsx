import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchExperiments, fetchRecentRuns, setExperimentArchived } from '../../api/experiments-api';
import type { PageProps } from '../../app/app-route';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Empty, Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { formatTime } from '../../format/time';
import { hashHref, navigate } from '../../router/hash-location';
import { useDebounced } from '../runs/use-debounced';
import { NewExperimentDialog } from './NewExperimentDialog';
import { RecentRunDots } from './RecentRunDots';
import './experiments.css';
import { PageButtons } from '../../design/PageButtons';

/** `#/experiments` and `#/archive/experiments`: a page of experiments with their last 5 runs' states (two requests a page). */
function ExperimentsList({ archived }: { readonly archived: boolean }) {
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const [tokens, setTokens] = useState<readonly (string | undefined)[]>([undefined]);
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const client = useQueryClient();
  const token = tokens[tokens.length - 1];
  const storage = archived ? 'ARCHIVED' : 'AVAILABLE';
  const page = useQuery({
    queryKey: ['experiments', storage, term, token ?? ''],
    queryFn: () => fetchExperiments(storage, term, token),
    placeholderData: keepPreviousData,
  });
  const experiments = page.data?.experiments ?? [];
  const ids = experiments.map((x) => x.experiment_id);
  const recent = useQuery({
    queryKey: ['experiments-recent', ids],
    queryFn: () => fetchRecentRuns(ids),
    enabled: ids.length > 0,
  });
  const next = page.data?.next_page_token;
  const archive = async (id: string) => {
    setActionError(undefined);
    try {
      await setExperimentArchived(id, !archived);
    } catch (error) {
      setActionError(error);
    }
    await client.invalidateQueries({ queryKey: ['experiments'] });
    await client.invalidateQueries({ queryKey: ['runs-page'] });
  };
  return (
    <div className="page">
      <PageHeader
        title={archived ? 'Archived experiments' : 'Experiments'}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            Create experiment
          </button>
        }
      >
        <nav className="runs-views" aria-label="Experiment views">
          <a href="#/experiments" aria-current={archived ? undefined : 'page'}>
            Active
          </a>
          <a href="#/archive/experiments" aria-current={archived ? 'page' : undefined}>
            Archived
          </a>
        </nav>
      </PageHeader>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search experiments by name"
          placeholder="Search by name"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setTokens([undefined]);
          }}
        />
      </div>
      {actionError !== undefined && (
        <ErrorBanner error={actionError} title="Could not change the experiment" />
      )}
      {recent.error && <ErrorBanner error={recent.error} title="Could not read the latest runs" />}
      {page.error ? (
        <ErrorBanner
          error={page.error}
          title="Could not list the experiments"
          onRetry={() => void page.refetch()}
        />
      ) : page.data === undefined ? (
        <Loading what="Loading experiments" />
      ) : (
        <div className="card">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Description</th>
                <th>Last 5 runs</th>
                <th>Created</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {experiments.map((x) => (
                <tr key={x.experiment_id} data-experiment-id={x.experiment_id}>
                  <td>
                    <a href={hashHref('experiments', 'details', x.experiment_id)}>{x.display_name}</a>
                  </td>
                  <td className="muted">{x.description || '–'}</td>
                  <td>
                    <RecentRunDots runs={recent.data?.get(x.experiment_id)} />
                  </td>
                  <td>{formatTime(x.created_at)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`${archived ? 'Restore' : 'Archive'} ${x.display_name}`}
                      onClick={() => void archive(x.experiment_id)}
                    >
                      {archived ? 'Restore' : 'Archive'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {experiments.length === 0 && <Empty>No experiments{archived ? ' archived' : ''}.</Empty>}
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        <PageButtons
          onPrevious={tokens.length < 2 ? undefined : () => setTokens(tokens.slice(0, -1))}
          onNext={next === undefined ? undefined : () => setTokens([...tokens, next])}
        />
      </nav>
      {creating && (
        <NewExperimentDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            void client.invalidateQueries({ queryKey: ['experiments'] });
            navigate(`/experiments/details/${encodeURIComponent(id)}`);
          }}
        />
      )}
    </div>
  );
}

export default function ExperimentsPage(_props: PageProps) {
  return <ExperimentsList key="active" archived={false} />;
}

/** `#/archive/experiments`. */
export function ArchivedExperimentsPage(_props: PageProps) {
  return <ExperimentsList key="archived" archived />;
}
