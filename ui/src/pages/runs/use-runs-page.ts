import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchRunsPage, type RunsQuery } from '../../api/runs-api';

/** The query key of one runs page (the live events patch the page under it). */
export const runsPageKey = (query: RunsQuery, token: string | undefined) =>
  ['runs-page', query, token ?? ''] as const;

/**
 * One page of runs (one request), with server-side paging: `next` follows the page's token,
 * `previous` goes back through the tokens seen. Changing the query starts again at page 1.
 */
export function useRunsPage(query: RunsQuery) {
  const queryText = JSON.stringify(query);
  const [paging, setPaging] = useState<{
    readonly of: string;
    readonly tokens: readonly (string | undefined)[];
  }>({
    of: queryText,
    tokens: [undefined],
  });
  const tokens = paging.of === queryText ? paging.tokens : [undefined];
  const token = tokens[tokens.length - 1];
  const key = runsPageKey(query, token);
  const result = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRunsPage(query, token, signal),
    placeholderData: keepPreviousData,
  });
  const nextToken = result.data?.next_page_token;
  return {
    ...result,
    key,
    pageNumber: tokens.length,
    next:
      nextToken === undefined || result.isPlaceholderData
        ? undefined
        : () => setPaging({ of: queryText, tokens: [...tokens, nextToken] }),
    previous: tokens.length > 1 ? () => setPaging({ of: queryText, tokens: tokens.slice(0, -1) }) : undefined,
  };
}
