import type { z } from 'zod';
import { SkiffError } from '../../errors/index.js';

/**
 * Parses a JSON request body with a strict zod schema; the first problem becomes
 * SKIFF_API_BAD_REQUEST naming `what` and the field (unknown, missing or of the wrong type).
 */
export function parseRequestBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SkiffError('SKIFF_API_BAD_REQUEST', `${what} must be a JSON object, got ${describe(body)}`);
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  if (issue?.code === 'unrecognized_keys') {
    const field = [path, issue.keys[0]].filter((part) => part !== '').join('.');
    throw new SkiffError('SKIFF_API_BAD_REQUEST', `${what} has unknown field "${field}"`, {
      fix: 'Remove the field; KFP v2beta1 JSON uses snake_case names (display_name, pipeline_spec, ...).',
      location: field,
    });
  }
  if (issue?.code === 'invalid_key') {
    // The path ends with the key itself, which may be long: name the field that holds it.
    const field = issue.path.slice(0, -1).join('.');
    const key = String(issue.path.at(-1) ?? '');
    const shown = key.length > 40 ? `${JSON.stringify(key.slice(0, 40))}…` : JSON.stringify(key);
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `${what} field "${field}" has a key ${shown} that is invalid: the key ${issue.issues[0]?.message ?? 'does not match the schema'}`,
      { location: field },
    );
  }
  throw new SkiffError(
    'SKIFF_API_BAD_REQUEST',
    `${what} field "${path}" is invalid: ${issue?.message ?? 'does not match the schema'}`,
    { location: path },
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'no body';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
