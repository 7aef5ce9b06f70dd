import { useQueries } from '@tanstack/react-query';
import { fetchRun, fetchRunArtifacts } from '../../api/artifact-runs';
import type { ComparedRun } from './compare-table';

/** A compared run with its state. */
export interface LoadedRun extends ComparedRun {
  readonly state: string | undefined;
}

/** Each run's KFP JSON and artifacts (two requests per run, all at once); failures are kept per run. */
export function useComparedRuns(ids: readonly string[]): {
  readonly runs: readonly LoadedRun[];
  readonly failures: readonly { readonly id: string; readonly error: unknown; readonly retry: () => void }[];
  readonly loading: boolean;
} {
  const queries = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['compare-run', id],
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<LoadedRun> => {
        const [run, artifacts] = await Promise.all([fetchRun(id, signal), fetchRunArtifacts(id, signal)]);
        return {
          id,
          name: run.display_name || id,
          state: run.state,
          parameters: run.runtime_config?.parameters ?? {},
          artifacts: artifacts.artifacts ?? [],
        };
      },
    })),
  });
  return {
    runs: queries.flatMap((query) => (query.data === undefined ? [] : [query.data])),
    failures: queries.flatMap((query, index) =>
      query.error === null
        ? []
        : [{ id: ids[index] ?? '', error: query.error, retry: () => void query.refetch() }],
    ),
    loading: queries.some((query) => query.isPending),
  };
}
