import type { RunField } from '../../metadata/index.js';
import { enumValues, type KfpListResource } from './list-resource.js';

const RUN_STATES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'SKIPPED',
  'FAILED',
  'CANCELING',
  'CANCELED',
  'PAUSED',
];

/** Runs as KFP lists them: filter and sort keys (snake_case), newest first by default. */
export const RUNS: KfpListResource<RunField> = {
  name: 'runs',
  fields: {
    run_id: { field: 'id', kind: 'string' },
    id: { field: 'id', kind: 'string' },
    display_name: { field: 'displayName', kind: 'string' },
    name: { field: 'displayName', kind: 'string' },
    state: { field: 'state', kind: 'string', normalize: enumValues(RUN_STATES) },
    storage_state: {
      field: 'storageState',
      kind: 'string',
      normalize: enumValues(['AVAILABLE', 'ARCHIVED'], 'STORAGESTATE_'),
    },
    experiment_id: { field: 'experimentId', kind: 'string' },
    pipeline_id: { field: 'pipelineId', kind: 'string' },
    pipeline_version_id: { field: 'pipelineVersionId', kind: 'string' },
    recurring_run_id: { field: 'recurringRunId', kind: 'string' },
    created_at: { field: 'createdAtMs', kind: 'timestamp' },
    finished_at: { field: 'finishedAtMs', kind: 'timestamp' },
  },
  defaultSort: { field: 'createdAtMs', descending: true },
};
