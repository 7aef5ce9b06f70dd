import { apiJson } from './client';
import type { KfpPipeline, KfpPipelineList, KfpPipelineVersion, PipelineSummary } from './pipelines-types';

const BASE = '/apis/v2beta1/pipelines';

/** One page of the pipelines list: KFP's filter JSON, `sort_by` ("name", "created_at desc"), paging. */
export interface PipelineListRequest {
  readonly filter?: string;
  readonly sortBy: string;
  readonly pageSize: number;
  readonly pageToken?: string;
}

export function listPipelines(request: PipelineListRequest, signal?: AbortSignal): Promise<KfpPipelineList> {
  return apiJson<KfpPipelineList>(BASE, {
    query: {
      filter: request.filter,
      sort_by: request.sortBy,
      page_size: request.pageSize,
      page_token: request.pageToken,
    },
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Version counts and latest versions of a page of pipelines, in one request. */
export async function pipelineSummaries(
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<PipelineSummary[]> {
  if (ids.length === 0) return [];
  const answer = await apiJson<{ summaries?: PipelineSummary[] }>('/apis/skiff/v1/pipeline-summaries', {
    query: { pipeline_ids: ids.join(',') },
    ...(signal === undefined ? {} : { signal }),
  });
  return answer.summaries ?? [];
}

/** What an upload sends besides the file. */
export interface UploadFields {
  readonly name: string;
  readonly description: string;
}

function uploadForm(file: Blob, fileName: string): FormData {
  const form = new FormData();
  form.append('uploadfile', file, fileName);
  return form;
}

/** `POST /pipelines/upload`: a compiled pipeline file as a new pipeline (with its first version). */
export function uploadPipeline(file: File, fields: UploadFields): Promise<KfpPipeline> {
  return apiJson<KfpPipeline>(`${BASE}/upload`, {
    method: 'POST',
    query: { name: fields.name || undefined, description: fields.description || undefined },
    body: uploadForm(file, file.name),
  });
}

/** `POST /pipelines/upload_version`: a compiled pipeline file as a new version of `pipelineId`. */
export function uploadPipelineVersion(
  pipelineId: string,
  file: File,
  fields: UploadFields,
): Promise<KfpPipelineVersion> {
  return apiJson<KfpPipelineVersion>(`${BASE}/upload_version`, {
    method: 'POST',
    query: {
      pipelineid: pipelineId,
      name: fields.name || undefined,
      description: fields.description || undefined,
    },
    body: uploadForm(file, file.name),
  });
}

/** `DELETE /pipelines/{id}`; `cascade` also deletes its versions (otherwise refused while it has some). */
export async function deletePipeline(pipelineId: string, cascade: boolean): Promise<void> {
  await apiJson<unknown>(`${BASE}/${encodeURIComponent(pipelineId)}`, {
    method: 'DELETE',
    query: { cascade: cascade ? 'true' : undefined },
  });
}
