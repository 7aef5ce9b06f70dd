import { apiJson } from './client';

// KFP v2beta1 experiments and Skiff's latest runs per experiment, snake_case as sent.

export interface KfpExperiment {
  readonly experiment_id: string;
  readonly display_name: string;
  readonly description?: string;
  readonly created_at?: string;
  readonly storage_state?: string;
}

export interface ExperimentsPage {
  readonly experiments?: readonly KfpExperiment[];
  readonly total_size?: number;
  readonly next_page_token?: string;
}

/** One page of experiments in a storage state, optionally by name. */
export function fetchExperiments(
  storageState: 'AVAILABLE' | 'ARCHIVED',
  search: string,
  pageToken: string | undefined,
  pageSize = 20,
): Promise<ExperimentsPage> {
  const predicates: Record<string, string>[] = [
    { key: 'storage_state', operation: 'EQUALS', string_value: storageState },
  ];
  if (search.trim() !== '')
    predicates.push({ key: 'display_name', operation: 'IS_SUBSTRING', string_value: search.trim() });
  return apiJson<ExperimentsPage>('/apis/v2beta1/experiments', {
    query: { filter: JSON.stringify({ predicates }), page_size: pageSize, page_token: pageToken },
  });
}

export function getExperiment(id: string): Promise<KfpExperiment> {
  return apiJson<KfpExperiment>(`/apis/v2beta1/experiments/${encodeURIComponent(id)}`);
}

export function createExperiment(displayName: string, description: string): Promise<KfpExperiment> {
  return apiJson<KfpExperiment>('/apis/v2beta1/experiments', {
    method: 'POST',
    body: { display_name: displayName, ...(description === '' ? {} : { description }) },
  });
}

/** Archive (its runs too, its recurring runs disabled) or restore an experiment. */
export function setExperimentArchived(id: string, archived: boolean): Promise<unknown> {
  const verb = archived ? 'archive' : 'unarchive';
  return apiJson(`/apis/v2beta1/experiments/${encodeURIComponent(id)}:${verb}`, { method: 'POST' });
}

export interface RecentRun {
  readonly run_id: string;
  readonly display_name: string;
  readonly state: string;
  readonly created_at: string | null;
}

/** The latest runs of each experiment, in one request. */
export async function fetchRecentRuns(
  experimentIds: readonly string[],
  count = 5,
): Promise<ReadonlyMap<string, readonly RecentRun[]>> {
  if (experimentIds.length === 0) return new Map();
  const answer = await apiJson<{ experiments?: { experiment_id: string; runs?: RecentRun[] }[] }>(
    '/apis/skiff/v1/experiments/recent-runs',
    { query: { experiment_ids: experimentIds.join(','), count } },
  );
  return new Map((answer.experiments ?? []).map((entry) => [entry.experiment_id, entry.runs ?? []]));
}
