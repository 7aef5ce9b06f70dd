import type { RunSummary, RunsPage } from '../../api/runs-api';

/** A change of the runs-list stream, as parsed from its JSON (`run` or `deleted`). */
export interface RunsListChange {
  readonly event: 'run' | 'deleted';
  readonly runId: string;
  readonly state?: string | undefined;
  readonly startTime?: string | null | undefined;
  readonly endTime?: string | null | undefined;
  readonly error?: string | null | undefined;
  readonly displayName?: string | undefined;
  readonly storageState?: string | undefined;
}

/** What a change does to the page shown: a new page, a run it does not hold, or nothing. */
export type PatchResult =
  | { readonly kind: 'patched'; readonly page: RunsPage }
  | { readonly kind: 'new-run'; readonly runId: string }
  | { readonly kind: 'none' };

/** The change a `run` / `deleted` event carries, or undefined for malformed data. */
export function readRunsListChange(event: string, json: unknown): RunsListChange | undefined {
  if (event !== 'run' && event !== 'deleted') return undefined;
  if (typeof json !== 'object' || json === null) return undefined;
  const data = json as Record<string, unknown>;
  if (typeof data.run_id !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const nullableText = (value: unknown) => (value === null ? null : text(value));
  return {
    event,
    runId: data.run_id,
    state: text(data.state),
    startTime: nullableText(data.start_time),
    endTime: nullableText(data.end_time),
    error: nullableText(data.error),
    displayName: text(data.display_name),
    storageState: text(data.storage_state),
  };
}

/**
 * Apply one change to a page of runs in the view of `storageState`: a row's state, times and
 * duration change in place; a row archived or restored out of the view, or deleted, leaves it; a
 * PENDING run the page does not hold is reported as new (the list is not reloaded for it).
 */
export function applyRunsListChange(
  page: RunsPage,
  change: RunsListChange,
  storageState: string,
): PatchResult {
  const index = page.runs.findIndex((run) => run.run_id === change.runId);
  const row = page.runs[index];
  if (row === undefined) {
    const created = change.event === 'run' && change.state === 'PENDING' && change.storageState === undefined;
    return created ? { kind: 'new-run', runId: change.runId } : { kind: 'none' };
  }
  const leaves =
    change.event === 'deleted' || (change.storageState !== undefined && change.storageState !== storageState);
  if (leaves) {
    return {
      kind: 'patched',
      page: {
        ...page,
        runs: page.runs.filter((run) => run.run_id !== change.runId),
        total_size: Math.max(0, page.total_size - 1),
      },
    };
  }
  const runs = [...page.runs];
  runs[index] = patchRow(row, change);
  return { kind: 'patched', page: { ...page, runs } };
}

function patchRow(row: RunSummary, change: RunsListChange): RunSummary {
  const started = change.startTime !== undefined ? change.startTime : row.started_at;
  // A retried run (PENDING again) has not finished.
  const finished =
    change.state === 'PENDING' ? null : change.endTime !== undefined ? change.endTime : row.finished_at;
  const startMs = started ? Date.parse(started) : Number.NaN;
  const endMs = finished ? Date.parse(finished) : Number.NaN;
  return {
    ...row,
    state: change.state ?? row.state,
    display_name: change.displayName ?? row.display_name,
    storage_state: change.storageState ?? row.storage_state,
    started_at: started,
    finished_at: finished,
    duration_ms: Number.isFinite(startMs) && Number.isFinite(endMs) ? Math.max(0, endMs - startMs) : null,
    error: change.error !== undefined ? change.error : row.error,
  };
}
