import { z } from 'zod';
import { SkiffError } from '../../errors/index.js';
import { single } from './list-query.js';
import type { AcceptedSpec } from './pipeline-spec-input.js';

/** Most characters in a name, display name or namespace of a pipeline, version, experiment, run or recurring run. */
export const MAX_NAME_CHARS = 256;
/** Most characters in a description of the same objects. */
export const MAX_DESCRIPTION_CHARS = 10_000;
/** Most characters in an id a body names (experiment_id, pipeline_id, ...; Skiff's ids are 36-character UUIDs). */
export const MAX_ID_CHARS = 128;
/** Most characters in a URI or URL of a body (runtime_config.pipeline_root, package_url, code_source_url). */
export const MAX_URI_CHARS = 2_048;
/** Most characters in a short value of a body: a cron expression, a time, a state, a service account, a parameter name. */
export const MAX_SHORT_TEXT_CHARS = 256;
/** Most characters of `runtime_config.parameters` written as JSON (all values together). */
export const MAX_PARAMETERS_CHARS = 1_048_576;

const tooLong = (limit: number) => (issue: { input?: unknown }) =>
  `is ${String(issue.input).length} characters long; the limit is ${limit}`;

/** A body's name, display_name or namespace: a string of at most MAX_NAME_CHARS. */
export const nameText = z.string().max(MAX_NAME_CHARS, { error: tooLong(MAX_NAME_CHARS) });
/** A body's id field: a string of at most MAX_ID_CHARS. */
export const idText = z.string().max(MAX_ID_CHARS, { error: tooLong(MAX_ID_CHARS) });
/** A body's URI or URL: a string of at most MAX_URI_CHARS. */
export const uriText = z.string().max(MAX_URI_CHARS, { error: tooLong(MAX_URI_CHARS) });
/** A body's short value (cron, time, state, service account, parameter name): at most MAX_SHORT_TEXT_CHARS. */
export const shortText = z.string().max(MAX_SHORT_TEXT_CHARS, { error: tooLong(MAX_SHORT_TEXT_CHARS) });

/**
 * `runtime_config.parameters`: names of at most MAX_SHORT_TEXT_CHARS, the whole at most
 * MAX_PARAMETERS_CHARS as JSON.
 */
export const parametersRecord = z.record(shortText, z.unknown()).superRefine((value, context) => {
  const length = JSON.stringify(value).length;
  if (length <= MAX_PARAMETERS_CHARS) return;
  context.addIssue({
    code: 'custom',
    message: `is ${length} characters long as JSON; the limit is ${MAX_PARAMETERS_CHARS} (pass large data as an artifact)`,
  });
});

/** A body's description: a string of at most MAX_DESCRIPTION_CHARS. */
export const descriptionText = z
  .string()
  .max(MAX_DESCRIPTION_CHARS, { error: tooLong(MAX_DESCRIPTION_CHARS) });

/**
 * `value` when it is at most `limit` characters long; else SKIFF_API_BAD_REQUEST naming `field`
 * (e.g. `query parameter name`), the length and the limit. Undefined passes through.
 */
export function checkLength<T extends string | undefined>(
  value: T,
  field: string,
  limit: number,
  fix?: string,
): T {
  if (value === undefined || value.length <= limit) return value;
  throw new SkiffError(
    'SKIFF_API_BAD_REQUEST',
    `${field} is ${value.length} characters long; the limit is ${limit}`,
    { fix: fix ?? `Shorten ${field} to at most ${limit} characters.` },
  );
}

/**
 * The names of an upload (`?name=&display_name=&description=`), the description defaulting to the
 * spec's own; each checked against its limit (SKIFF_API_BAD_REQUEST naming where it came from).
 */
export function uploadNames(query: Readonly<Record<string, unknown>>, accepted: AcceptedSpec) {
  const given = single(query, 'description');
  const description =
    given === undefined
      ? checkLength(
          accepted.spec.description,
          'pipelineInfo.description of the uploaded spec',
          MAX_DESCRIPTION_CHARS,
          `Shorten the pipeline's docstring, or give a shorter one with ?description=.`,
        )
      : checkLength(given, 'query parameter description', MAX_DESCRIPTION_CHARS);
  return {
    name: checkLength(single(query, 'name'), 'query parameter name', MAX_NAME_CHARS),
    displayName: checkLength(single(query, 'display_name'), 'query parameter display_name', MAX_NAME_CHARS),
    description,
  };
}
