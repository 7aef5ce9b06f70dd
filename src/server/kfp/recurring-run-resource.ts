import type { RecurringRunField } from '../../metadata/index.js';
import { enumValues, type KfpListResource } from './list-resource.js';

const STATUS = enumValues(['ENABLED', 'DISABLED']);
const MODE_STATUS: Readonly<Record<string, string>> = { ENABLE: 'ENABLED', DISABLE: 'DISABLED' };

/**
 * Recurring runs as KFP lists them: KFP's keys (recurring_run_id, display_name, description,
 * created_at, updated_at, pipeline_id, pipeline_version_id, with v1's id and name), plus status,
 * mode (ENABLE/DISABLE, the same stored value), experiment_id and namespace; newest first by default.
 */
export const RECURRING_RUNS: KfpListResource<RecurringRunField> = {
  name: 'recurring runs',
  fields: {
    recurring_run_id: { field: 'id', kind: 'string' },
    id: { field: 'id', kind: 'string' },
    display_name: { field: 'displayName', kind: 'string' },
    name: { field: 'displayName', kind: 'string' },
    description: { field: 'description', kind: 'string' },
    status: { field: 'status', kind: 'string', normalize: STATUS },
    mode: { field: 'status', kind: 'string', normalize: (value) => MODE_STATUS[value.toUpperCase()] },
    experiment_id: { field: 'experimentId', kind: 'string', unsortable: true },
    namespace: { field: 'namespace', kind: 'string' },
    pipeline_id: { field: 'pipelineId', kind: 'string', unsortable: true },
    pipeline_version_id: { field: 'pipelineVersionId', kind: 'string', unsortable: true },
    created_at: { field: 'createdAtMs', kind: 'timestamp' },
    updated_at: { field: 'updatedAtMs', kind: 'timestamp' },
  },
  defaultSort: { field: 'createdAtMs', descending: true },
};
