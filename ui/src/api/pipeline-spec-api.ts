// KFP v2beta1 pipeline calls of the pipeline details page, snake_case as sent.

const enc = encodeURIComponent;

export interface PipelineJson {
  readonly pipeline_id: string;
  readonly display_name?: string;
  readonly description?: string;
  readonly created_at?: string;
}

export interface PipelineVersionJson {
  readonly pipeline_id?: string;
  readonly pipeline_version_id: string;
  readonly display_name?: string;
  readonly name?: string;
  readonly description?: string;
  readonly created_at?: string;
  readonly pipeline_spec?: unknown;
}

export interface PipelineVersionsAnswer {
  readonly pipeline_versions?: readonly PipelineVersionJson[];
  readonly total_size?: number;
}

export const pipelinePath = (id: string) => `/apis/v2beta1/pipelines/${enc(id)}`;
export const pipelineVersionsPath = (id: string) => `${pipelinePath(id)}/versions`;
export const pipelineVersionPath = (id: string, version: string) =>
  `${pipelineVersionsPath(id)}/${enc(version)}`;
