// KFP v2beta1 pipeline payloads as the server answers them (snake_case; every field may be absent
// in data written by other tools, so pages read them defensively).

/** `v2beta1Pipeline`. */
export interface KfpPipeline {
  readonly pipeline_id: string;
  readonly name?: string;
  readonly display_name?: string;
  readonly description?: string;
  readonly created_at?: string;
  readonly namespace?: string;
}

/** `v2beta1ListPipelinesResponse`. */
export interface KfpPipelineList {
  readonly pipelines?: readonly KfpPipeline[];
  readonly total_size?: number;
  readonly next_page_token?: string;
}

/** `v2beta1PipelineVersion` without its spec (the list page never needs it). */
export interface KfpPipelineVersion {
  readonly pipeline_id: string;
  readonly pipeline_version_id: string;
  readonly name?: string;
  readonly display_name?: string;
  readonly description?: string;
  readonly created_at?: string;
}

/** `GET /apis/skiff/v1/pipeline-summaries`: one pipeline's version count and latest version. */
export interface PipelineSummary {
  readonly pipeline_id: string;
  readonly version_count: number;
  readonly latest_version: Omit<KfpPipelineVersion, 'pipeline_id' | 'description'> | null;
}
