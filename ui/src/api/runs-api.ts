import { apiJson } from './client';

// The runs list page of the Skiff API (`GET /apis/skiff/v1/runs`, docs/server.md), snake_case as sent.

/** One scalar metric of a run for a column of the page. */
export interface RunMetric {
  readonly name: string;
  readonly value: number;
  readonly artifact_id: string;
}

/** One row of the runs list. Absent values are null. */
export interface RunSummary {
  readonly run_id: string;
  readonly display_name: string;
  readonly state: string;
  readonly storage_state: string;
  readonly created_at: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
  readonly pipeline_id: string | null;
  readonly pipeline_name: string | null;
  readonly pipeline_version_id: string | null;
  readonly pipeline_version_name: string | null;
  readonly experiment_id: string | null;
  readonly experiment_name: string | null;
  readonly recurring_run_id: string | null;
  readonly recurring_run_name: string | null;
  readonly error: string | null;
  readonly metrics: readonly RunMetric[];
}

/** One page of runs with the page's metric columns. */
export interface RunsPage {
  readonly runs: readonly RunSummary[];
  readonly metric_columns: readonly string[];
  readonly total_size: number;
  readonly next_page_token?: string;
}

/** What a runs table lists: archived or not, and optional fixed and chosen filters. */
export interface RunsQuery {
  readonly storageState: 'AVAILABLE' | 'ARCHIVED';
  readonly experimentId?: string | undefined;
  readonly recurringRunId?: string | undefined;
  readonly state?: string | undefined;
  readonly search?: string | undefined;
  /** `created_at desc` (default), `display_name`, ... */
  readonly sortBy?: string | undefined;
  readonly pageSize: number;
}

interface Predicate {
  readonly key: string;
  readonly operation: 'EQUALS' | 'IS_SUBSTRING';
  readonly string_value: string;
}

/** KFP's `filter` JSON for a runs query (storage state, state, recurring run, name search). */
export function runsFilter(query: RunsQuery): string {
  const predicates: Predicate[] = [
    { key: 'storage_state', operation: 'EQUALS', string_value: query.storageState },
  ];
  if (query.state) predicates.push({ key: 'state', operation: 'EQUALS', string_value: query.state });
  if (query.recurringRunId)
    predicates.push({ key: 'recurring_run_id', operation: 'EQUALS', string_value: query.recurringRunId });
  const search = query.search?.trim();
  if (search) predicates.push({ key: 'display_name', operation: 'IS_SUBSTRING', string_value: search });
  return JSON.stringify({ predicates });
}

/** One page of the runs list in one request. */
export function fetchRunsPage(query: RunsQuery, pageToken: string | undefined, signal?: AbortSignal) {
  return apiJson<RunsPage>('/apis/skiff/v1/runs', {
    query: {
      filter: runsFilter(query),
      page_size: query.pageSize,
      page_token: pageToken,
      sort_by: query.sortBy,
      experiment_id: query.experimentId,
      metric_columns: 3,
    },
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Archive or restore a run (KFP's `:archive` / `:unarchive`). */
export function setRunArchived(runId: string, archived: boolean): Promise<unknown> {
  const verb = archived ? 'archive' : 'unarchive';
  return apiJson(`/apis/v2beta1/runs/${encodeURIComponent(runId)}:${verb}`, { method: 'POST' });
}
