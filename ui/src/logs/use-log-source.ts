import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { fetchAttempts, fetchLogRange } from '../api/logs-api';
import type { Attempt } from '../api/skiff-types';
import { LogSource } from './log-source';

/** How often a running attempt's log is asked whether it grew, and its attempt row read again. */
const LIVE_POLL_MS = 1_000;

/** The attempts of a task, read again every second while the one shown (or the last) is unfinished. */
export function useAttempts(runId: string, taskId: string, attempt: number | undefined) {
  return useQuery({
    queryKey: ['attempts', runId, taskId],
    queryFn: ({ signal }) => fetchAttempts(runId, taskId, signal),
    refetchInterval: (query) => {
      const attempts = query.state.data?.attempts ?? [];
      const shown = attempt === undefined ? attempts.at(-1) : attempts.find((a) => a.number === attempt);
      return shown === undefined || isLive(shown) ? LIVE_POLL_MS : false;
    },
  });
}

/** An attempt that may still write to its log. */
export function isLive(attempt: Attempt): boolean {
  return attempt.state === 'RUNNING' || attempt.state === 'PENDING';
}

/**
 * The log of one attempt as a LogSource that re-renders the caller on every change; while `live`,
 * it asks every second whether the log grew (and once more when the attempt ends).
 */
export function useLogSource(runId: string, taskId: string, attempt: number, live: boolean): LogSource {
  const source = useMemo(
    () => new LogSource((range, signal) => fetchLogRange(runId, taskId, attempt, range, signal)),
    [runId, taskId, attempt],
  );
  useEffect(() => {
    source.start();
    return () => source.stop();
  }, [source]);
  useEffect(() => {
    if (!live) {
      void source.poll();
      return undefined;
    }
    const timer = setInterval(() => void source.poll(), LIVE_POLL_MS);
    return () => clearInterval(timer);
  }, [source, live]);
  useSyncExternalStore(source.subscribe, source.snapshot);
  return source;
}
