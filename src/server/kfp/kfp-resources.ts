import type { ExperimentField, PipelineField, PipelineVersionField } from '../../metadata/index.js';
import { enumValues, type KfpListResource } from './list-resource.js';

/** Pipelines' filter and sort keys (KFP v2beta1 names). */
export const PIPELINE_RESOURCE: KfpListResource<PipelineField> = {
  name: 'pipelines',
  fields: {
    pipeline_id: { field: 'id', kind: 'string' },
    name: { field: 'name', kind: 'string' },
    display_name: { field: 'displayName', kind: 'string' },
    description: { field: 'description', kind: 'string' },
    namespace: { field: 'namespace', kind: 'string' },
    created_at: { field: 'createdAtMs', kind: 'timestamp' },
  },
  defaultSort: { field: 'createdAtMs', descending: true },
};

/** Pipeline versions' filter and sort keys. */
export const PIPELINE_VERSION_RESOURCE: KfpListResource<PipelineVersionField> = {
  name: 'pipeline versions',
  fields: {
    pipeline_version_id: { field: 'id', kind: 'string' },
    name: { field: 'name', kind: 'string' },
    display_name: { field: 'displayName', kind: 'string' },
    description: { field: 'description', kind: 'string' },
    created_at: { field: 'createdAtMs', kind: 'timestamp' },
  },
  defaultSort: { field: 'createdAtMs', descending: true },
};

/** Experiments' filter and sort keys; storage_state also accepts KFP v1's STORAGESTATE_ spelling. */
export const EXPERIMENT_RESOURCE: KfpListResource<ExperimentField> = {
  name: 'experiments',
  fields: {
    experiment_id: { field: 'id', kind: 'string' },
    display_name: { field: 'displayName', kind: 'string' },
    // KFP v1 called it `name`.
    name: { field: 'displayName', kind: 'string' },
    description: { field: 'description', kind: 'string' },
    namespace: { field: 'namespace', kind: 'string' },
    storage_state: {
      field: 'storageState',
      kind: 'string',
      normalize: enumValues(['AVAILABLE', 'ARCHIVED'], 'STORAGESTATE_'),
    },
    created_at: { field: 'createdAtMs', kind: 'timestamp' },
    last_run_created_at: { field: 'lastRunCreatedAtMs', kind: 'timestamp', unsortable: true },
  },
  defaultSort: { field: 'createdAtMs', descending: true },
};
