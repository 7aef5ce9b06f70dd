import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { fetchLogSearch } from '../api/logs-api';
import { useDebounced } from '../pages/runs/use-debounced';
import { searchPages } from './log-search';
import { type LogSource, PAGE_BYTES } from './log-source';

/** A match wherever it is in the log: the page its line starts in, where that line starts, where in its text. */
export interface LogHit {
  readonly page: number;
  readonly offset: number;
  readonly start: number;
}

/** The matches of a search, and whether they come from the whole log. */
export interface LogSearch {
  readonly hits: readonly LogHit[];
  readonly capped: boolean;
  /** The server is searching the whole log. */
  readonly searching: boolean;
  /** False when only the pages read were searched (the server's search failed). */
  readonly whole: boolean;
  readonly error: unknown;
}

/** Time the search text must stay unchanged before the server is asked. */
const TYPING_PAUSE_MS = 250;

/**
 * Matches of `query` in an attempt's log. Once every page has been read they are found here, at
 * once; before that the server searches the whole log (a 100 MB log is never downloaded for it),
 * and until it answers, or if it fails, the pages read are searched.
 */
export function useLogSearch(
  source: LogSource,
  target: {
    readonly runId: string;
    readonly taskId: string;
    readonly attempt: number;
    readonly live: boolean;
  },
  query: string,
): LogSearch {
  const version = source.version;
  const wholeRead = source.size !== undefined && source.bytesLoaded() >= source.size;
  const typed = useDebounced(query, TYPING_PAUSE_MS);
  const { runId, taskId, attempt, live } = target;
  const remote = useQuery({
    // A finished log does not change; a live one is searched once per text (as it was then).
    queryKey: ['log-search', runId, taskId, attempt, typed, live ? 'live' : source.size],
    queryFn: ({ signal }) => fetchLogSearch(runId, taskId, attempt, typed, signal),
    enabled: typed !== '' && typed === query && !wholeRead && source.size !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pages read change with the source's version.
  const local = useMemo(() => {
    const found = searchPages(source.loadedPages(), query);
    const hits = found.matches.map((m) => ({
      page: m.page,
      offset: source.linesOf(m.page)![m.line]!.offset,
      start: m.start,
    }));
    return { hits, capped: found.capped };
  }, [source, version, query]);
  if (query === '' || wholeRead || remote.data === undefined || typed !== query) {
    const searching = query !== '' && !wholeRead && remote.isFetching;
    return { ...local, searching, whole: wholeRead, error: remote.error ?? undefined };
  }
  const hits = remote.data.matches.map((m) => ({
    page: Math.floor(m.offset / PAGE_BYTES),
    offset: m.offset,
    start: m.start,
  }));
  return { hits, capped: remote.data.capped, searching: false, whole: true, error: undefined };
}
