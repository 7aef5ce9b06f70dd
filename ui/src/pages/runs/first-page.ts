import type { QueryClient } from '@tanstack/react-query';
import { fetchRunsPage, type RunsQuery } from '../../api/runs-api';
import { runsPageKey } from './use-runs-page';

export type SortKey = 'created_at' | 'display_name';

/** How the runs list starts: 20 rows, newest first, no filter. */
export const RUNS_LIST_START = { pageSize: 20, sort: { key: 'created_at' as SortKey, desc: true } };

/** The query of a runs list in this state (one place, so the page and the prefetch below ask alike). */
export function runsQueryOf(view: {
  readonly archived: boolean;
  readonly experimentId?: string | undefined;
  readonly recurringRunId?: string | undefined;
  readonly state: string;
  readonly search: string;
  readonly sort: { readonly key: SortKey; readonly desc: boolean };
  readonly pageSize: number;
}): RunsQuery {
  return {
    storageState: view.archived ? 'ARCHIVED' : 'AVAILABLE',
    experimentId: view.experimentId,
    recurringRunId: view.recurringRunId,
    state: view.state,
    search: view.search,
    sortBy: `${view.sort.key}${view.sort.desc ? ' desc' : ''}`,
    pageSize: view.pageSize,
  };
}

/**
 * When the app opens on the runs list (`#/runs`, `#/`, no hash), ask for its first page at once,
 * while the page's own code is still loading: on a cold browser the two no longer wait on each other.
 */
export function prefetchRunsList(client: QueryClient, hash: string): void {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  if (path !== '' && path !== '/' && path !== '/runs') return;
  // The page's code too: its chunk downloads while React starts.
  void import('./RunsListPage');
  const query = runsQueryOf({ archived: false, state: '', search: '', ...RUNS_LIST_START });
  void client.prefetchQuery({
    queryKey: runsPageKey(query, undefined),
    queryFn: ({ signal }) => fetchRunsPage(query, undefined, signal),
  });
}
