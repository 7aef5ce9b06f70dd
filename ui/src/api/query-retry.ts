import type { Query } from '@tanstack/react-query';
import { ApiError } from './api-error';

/** The first wait before a query whose server was away is asked again, in ms; it doubles from there. */
export const FIRST_AWAY_RETRY_MS = 2_000;
/** The longest wait between two tries of a query whose server was away, in ms. */
export const MAX_AWAY_RETRY_MS = 30_000;

/** True for a failure that says nothing about the request: no answer at all, or a server still starting (503). */
export function isServerAway(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'SKIFF_UI_UNREACHABLE' || error.status === 503);
}

/** Whether a failed query is tried again at once: errors the user must act on (4xx) are not; others twice. */
export function retryQuery(failures: number, error: unknown): boolean {
  return !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2;
}

/** The query's error count when its current run of failures began (reset by each success). */
const streaks = new WeakMap<object, { readonly dataUpdateCount: number; readonly firstError: number }>();

/**
 * How long until a query that failed because the server was away is asked again (false: it is not):
 * FIRST_AWAY_RETRY_MS, doubling with each failure in a row up to MAX_AWAY_RETRY_MS, so a page comes
 * back by itself once the server does, without "Try again".
 */
export function refetchWhileServerAway(query: Pick<Query, 'state'>): number | false {
  const { status, error, errorUpdateCount, dataUpdateCount } = query.state;
  if (status !== 'error' || !isServerAway(error)) return false;
  let streak = streaks.get(query);
  if (streak === undefined || streak.dataUpdateCount !== dataUpdateCount) {
    streak = { dataUpdateCount, firstError: errorUpdateCount };
    streaks.set(query, streak);
  }
  return Math.min(FIRST_AWAY_RETRY_MS * 2 ** (errorUpdateCount - streak.firstError), MAX_AWAY_RETRY_MS);
}
