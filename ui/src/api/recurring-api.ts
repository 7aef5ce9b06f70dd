import { apiJson } from './client';

// KFP v2beta1 recurring runs, snake_case as sent (int64 fields as strings).

export interface TriggerBounds {
  readonly start_time?: string;
  readonly end_time?: string;
}

export interface KfpTrigger {
  readonly cron_schedule?: TriggerBounds & { readonly cron?: string };
  readonly periodic_schedule?: TriggerBounds & { readonly interval_second?: string | number };
}

export interface KfpRecurringRun {
  readonly recurring_run_id: string;
  readonly display_name: string;
  readonly description?: string;
  readonly trigger?: KfpTrigger;
  readonly max_concurrency?: string | number;
  readonly no_catchup?: boolean;
  readonly mode?: string;
  readonly status?: string;
  readonly created_at?: string;
  readonly experiment_id?: string;
  readonly pipeline_version_reference?: {
    readonly pipeline_id?: string;
    readonly pipeline_version_id?: string;
  };
  readonly pipeline_spec?: unknown;
  readonly runtime_config?: { readonly parameters?: Readonly<Record<string, unknown>> };
  readonly skiff_last_scheduled_at?: string;
  readonly skiff_next_scheduled_at?: string;
  readonly error?: { readonly message?: string };
}

export interface RecurringRunsPage {
  readonly recurringRuns?: readonly KfpRecurringRun[];
  readonly recurring_runs?: readonly KfpRecurringRun[];
  readonly total_size?: number;
  readonly next_page_token?: string;
}

/** One page of recurring runs, optionally of one experiment. */
export function fetchRecurringRuns(
  experimentId: string | undefined,
  pageToken: string | undefined,
  pageSize = 20,
): Promise<RecurringRunsPage> {
  return apiJson<RecurringRunsPage>('/apis/v2beta1/recurringruns', {
    query: { experiment_id: experimentId, page_token: pageToken, page_size: pageSize },
  });
}

/** The runs of a page answer (KFP names the field `recurringRuns`). */
export const recurringRunsOf = (page: RecurringRunsPage): readonly KfpRecurringRun[] =>
  page.recurringRuns ?? page.recurring_runs ?? [];

export function getRecurringRun(id: string): Promise<KfpRecurringRun> {
  return apiJson<KfpRecurringRun>(`/apis/v2beta1/recurringruns/${encodeURIComponent(id)}`);
}

export function setRecurringRunEnabled(id: string, enabled: boolean): Promise<unknown> {
  const verb = enabled ? 'enable' : 'disable';
  return apiJson(`/apis/v2beta1/recurringruns/${encodeURIComponent(id)}:${verb}`, { method: 'POST' });
}

/** Create a recurring run (body as KFP's V2beta1RecurringRun); resolves to its id. */
export async function createRecurringRun(body: Readonly<Record<string, unknown>>): Promise<string> {
  const created = await apiJson<{ recurring_run_id: string }>('/apis/v2beta1/recurringruns', {
    method: 'POST',
    body,
  });
  return created.recurring_run_id;
}
