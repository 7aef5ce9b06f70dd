import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../../api/client';
import { runArtifactsPath } from '../../api/run-details';
import type { RunArtifactsAnswer } from '../../api/skiff-types';

/** The run's artifacts; `stamp` (e.g. the run's state) asks again when it changes. */
export function useRunArtifacts(runId: string, stamp: string) {
  return useQuery({
    queryKey: ['run-artifacts', runId, stamp],
    queryFn: ({ signal }) => apiJson<RunArtifactsAnswer>(runArtifactsPath(runId), { signal }),
    placeholderData: (previous) => previous,
  });
}
