import { z } from 'zod';
import { descriptionText, idText, nameText, parametersRecord, uriText } from './text-limits.js';

/**
 * The fields a run and a recurring run share in their create bodies (KFP V2beta1Run and
 * V2beta1RecurringRun): name, experiment, the spec (inline or a version reference) and runtime config.
 */
export const runBodyFields = {
  display_name: nameText.min(1),
  description: descriptionText.optional(),
  experiment_id: idText.optional(),
  pipeline_spec: z.record(z.string(), z.unknown()).optional(),
  pipeline_version_reference: z
    .strictObject({ pipeline_id: idText.min(1), pipeline_version_id: idText.min(1) })
    .optional(),
  pipeline_version_id: idText.optional(),
  runtime_config: z
    .strictObject({
      parameters: parametersRecord.optional(),
      pipeline_root: uriText.optional(),
    })
    .optional(),
  service_account: nameText.optional(),
};
