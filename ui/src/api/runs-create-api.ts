import { apiJson } from './client';

// KFP v2beta1 calls the create-run page makes (pipelines, versions, a run to clone), snake_case as sent.

export interface KfpPipeline {
  readonly pipeline_id: string;
  readonly display_name?: string;
  readonly name?: string;
}

export interface KfpPipelineVersion {
  readonly pipeline_id: string;
  readonly pipeline_version_id: string;
  readonly display_name?: string;
  readonly name?: string;
  readonly created_at?: string;
  /** The spec, bare or `{pipeline_spec, platform_spec}`. */
  readonly pipeline_spec?: unknown;
}

/** A run as `GET /apis/v2beta1/runs/{id}` answers it (the fields cloning reads). */
export interface KfpRun {
  readonly run_id: string;
  readonly display_name: string;
  readonly experiment_id?: string;
  readonly pipeline_version_reference?: {
    readonly pipeline_id?: string;
    readonly pipeline_version_id?: string;
  };
  readonly pipeline_spec?: unknown;
  readonly runtime_config?: { readonly parameters?: Readonly<Record<string, unknown>> };
}

/** Pipelines whose display name contains `search` (at most 50). */
export async function searchPipelines(search: string): Promise<readonly KfpPipeline[]> {
  const predicates =
    search.trim() === ''
      ? []
      : [{ key: 'display_name', operation: 'IS_SUBSTRING', string_value: search.trim() }];
  const answer = await apiJson<{ pipelines?: KfpPipeline[] }>('/apis/v2beta1/pipelines', {
    query: { page_size: 50, filter: JSON.stringify({ predicates }), sort_by: 'created_at desc' },
  });
  return answer.pipelines ?? [];
}

/** The versions of a pipeline, newest first (at most 100). */
export async function listVersions(pipelineId: string): Promise<readonly KfpPipelineVersion[]> {
  const answer = await apiJson<{ pipeline_versions?: KfpPipelineVersion[] }>(
    `/apis/v2beta1/pipelines/${encodeURIComponent(pipelineId)}/versions`,
    { query: { page_size: 100, sort_by: 'created_at desc' } },
  );
  return answer.pipeline_versions ?? [];
}

/** One version with its spec. */
export function getVersion(pipelineId: string, versionId: string): Promise<KfpPipelineVersion> {
  return apiJson<KfpPipelineVersion>(
    `/apis/v2beta1/pipelines/${encodeURIComponent(pipelineId)}/versions/${encodeURIComponent(versionId)}`,
  );
}

/** One run with its spec or version reference and parameters. */
export function getRun(runId: string): Promise<KfpRun> {
  return apiJson<KfpRun>(`/apis/v2beta1/runs/${encodeURIComponent(runId)}`);
}

/** What the form sends: the pipeline (a version or an inline spec), name, experiment, parameters. */
export interface RunSource {
  readonly display_name: string;
  readonly experiment_id?: string;
  readonly pipeline_version_reference?: {
    readonly pipeline_id: string;
    readonly pipeline_version_id: string;
  };
  readonly pipeline_spec?: unknown;
  readonly runtime_config: { readonly parameters: Readonly<Record<string, unknown>> };
}

/** Create a one-off run; resolves to its id. */
export async function createRun(body: RunSource): Promise<string> {
  const run = await apiJson<{ run_id: string }>('/apis/v2beta1/runs', { method: 'POST', body });
  return run.run_id;
}
