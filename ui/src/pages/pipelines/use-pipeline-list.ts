import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { listPipelines, pipelineSummaries } from '../../api/pipelines-api';
import type { PipelineSummary } from '../../api/pipelines-types';
import { type ListParams, nameFilter } from './list-params';

/**
 * One page of the pipelines list (server-side filter, sort and paging) and the summaries of its
 * pipelines (one more request per page). Page tokens are opaque, so the pages seen are remembered
 * to go back; changing the filter, sort or size starts again at the first page.
 */
export function usePipelineList(params: ListParams) {
  const [tokens, setTokens] = useState<readonly string[]>(['']);
  const key = `${params.name}|${params.sort}|${params.pageSize}`;
  const [forKey, setForKey] = useState(key);
  useEffect(() => {
    if (forKey !== key) {
      setForKey(key);
      setTokens(['']);
    }
  }, [key, forKey]);
  const index = forKey === key ? tokens.length - 1 : 0;
  const pageToken = forKey === key ? (tokens[index] ?? '') : '';
  const filter = nameFilter(params.name);

  const page = useQuery({
    queryKey: ['pipelines', 'list', filter ?? '', params.sort, params.pageSize, pageToken],
    queryFn: ({ signal }) =>
      listPipelines(
        {
          sortBy: params.sort,
          pageSize: params.pageSize,
          ...(filter === undefined ? {} : { filter }),
          ...(pageToken === '' ? {} : { pageToken }),
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const pipelines = page.data?.pipelines ?? [];
  const ids = pipelines.map((pipeline) => pipeline.pipeline_id).filter((id) => typeof id === 'string');
  const summaries = useQuery({
    queryKey: ['pipelines', 'summaries', ids],
    queryFn: ({ signal }) => pipelineSummaries(ids, signal),
    enabled: ids.length > 0,
  });
  const byId = new Map<string, PipelineSummary>(
    (summaries.data ?? []).map((summary) => [summary.pipeline_id, summary]),
  );
  const next = page.data?.next_page_token;
  return {
    page,
    pipelines,
    summaries: byId,
    summariesError: summaries.error,
    index,
    total: page.data?.total_size,
    hasNext: typeof next === 'string' && next !== '',
    nextPage: () => {
      if (typeof next === 'string' && next !== '') setTokens([...tokens, next]);
    },
    previousPage: () => setTokens(tokens.length > 1 ? tokens.slice(0, -1) : tokens),
  };
}
