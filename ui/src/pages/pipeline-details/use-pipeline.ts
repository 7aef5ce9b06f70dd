import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../../api/client';
import {
  type PipelineJson,
  type PipelineVersionJson,
  type PipelineVersionsAnswer,
  pipelinePath,
  pipelineVersionPath,
  pipelineVersionsPath,
} from '../../api/pipeline-spec-api';

/** The pipeline, its versions (newest first) and the chosen version with its spec. */
export function usePipeline(pipelineId: string, versionId: string | undefined) {
  const pipeline = useQuery({
    queryKey: ['pipeline', pipelineId],
    queryFn: ({ signal }) => apiJson<PipelineJson>(pipelinePath(pipelineId), { signal }),
  });
  const versions = useQuery({
    queryKey: ['pipeline-versions', pipelineId],
    queryFn: ({ signal }) =>
      apiJson<PipelineVersionsAnswer>(pipelineVersionsPath(pipelineId), {
        signal,
        query: { page_size: 100, sort_by: 'created_at desc' },
      }),
  });
  const list = Array.isArray(versions.data?.pipeline_versions) ? versions.data.pipeline_versions : [];
  const chosen = versionId ?? list[0]?.pipeline_version_id;
  const version = useQuery({
    queryKey: ['pipeline-version', pipelineId, chosen],
    queryFn: ({ signal }) =>
      apiJson<PipelineVersionJson>(pipelineVersionPath(pipelineId, chosen ?? ''), { signal }),
    enabled: chosen !== undefined,
  });
  return { pipeline, versions, list, chosen, version };
}
