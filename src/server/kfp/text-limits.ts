import { z } from 'zod';
import { SkiffError } from '../../errors/index.js';
import { single } from './list-query.js';
import type { AcceptedSpec } from './pipeline-spec-input.js';

/** Most characters in a name, display name or namespace of a pipeline, version, experiment, run or recurring run. */
export const MAX_NAME_CHARS = 256;
/** Most characters in a description of the same objects. */
export const MAX_DESCRIPTION_CHARS = 10_000;

const tooLong = (limit: number) => (issue: { input?: unknown }) =>
  `is ${String(issue.input).length} characters long; the limit is ${limit}`;

/** A body's name, display_name or namespace: a string of at most MAX_NAME_CHARS. */
export const nameText = z.string().max(MAX_NAME_CHARS, { error: tooLong(MAX_NAME_CHARS) });
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
