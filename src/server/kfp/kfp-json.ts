import type { ExperimentRecord, PipelineRecord, PipelineVersionRecord } from '../../metadata/index.js';
import { rfc3339 } from './kfp-time.js';

/** A pipeline as KFP v2beta1 answers it (`v2beta1Pipeline`). */
export function pipelineJson(pipeline: PipelineRecord): Record<string, unknown> {
  return {
    pipeline_id: pipeline.id,
    name: pipeline.name,
    display_name: pipeline.displayName,
    description: pipeline.description,
    created_at: rfc3339(pipeline.createdAtMs),
    namespace: pipeline.namespace,
  };
}

/**
 * A pipeline version as KFP v2beta1 answers it (`v2beta1PipelineVersion`), with `pipeline_spec`,
 * its spec as an object (`specObject` of its text, read by the caller, off the event loop when large).
 */
export function pipelineVersionJson(
  version: PipelineVersionRecord,
  pipelineSpec: unknown,
): Record<string, unknown> {
  return {
    pipeline_id: version.pipelineId,
    pipeline_version_id: version.id,
    name: version.name,
    display_name: version.displayName,
    description: version.description,
    created_at: rfc3339(version.createdAtMs),
    pipeline_spec: pipelineSpec,
  };
}

/** An experiment as KFP v2beta1 answers it (`v2beta1Experiment`). */
export function experimentJson(experiment: ExperimentRecord): Record<string, unknown> {
  return {
    experiment_id: experiment.id,
    display_name: experiment.displayName,
    description: experiment.description,
    created_at: rfc3339(experiment.createdAtMs),
    namespace: experiment.namespace,
    storage_state: experiment.storageState,
    last_run_created_at: rfc3339(experiment.lastRunCreatedAtMs),
  };
}
