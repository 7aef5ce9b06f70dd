import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../../api/client';
import { type RunInfo, runInfoPath } from '../../api/run-details';

/** The run without its tasks, and its pipeline spec (the tasks come from the event stream). */
export function useRunInfo(runId: string) {
  return useQuery({
    queryKey: ['run-info', runId],
    queryFn: ({ signal }) => apiJson<RunInfo>(runInfoPath(runId), { signal }),
  });
}
