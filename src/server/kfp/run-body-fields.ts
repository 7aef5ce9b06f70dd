import { z } from 'zod';
import { descriptionText, nameText } from './text-limits.js';

/**
 * The fields a run and a recurring run share in their create bodies (KFP V2beta1Run and
 * V2beta1RecurringRun): name, experiment, the spec (inline or a version reference) and runtime config.
 */
export const runBodyFields = {
  display_name: nameText.min(1),
  description: descriptionText.optional(),
  experiment_id: z.string().optional(),
  pipeline_spec: z.record(z.string(), z.unknown()).optional(),
  pipeline_version_reference: z
    .strictObject({ pipeline_id: z.string().min(1), pipeline_version_id: z.string().min(1) })
    .optional(),
  pipeline_version_id: z.string().optional(),
  runtime_config: z
    .strictObject({
      parameters: z.record(z.string(), z.unknown()).optional(),
      pipeline_root: z.string().optional(),
    })
    .optional(),
  service_account: z.string().optional(),
};
