import type { z } from 'zod';
import { SkiffError } from '../../errors/index.js';

/**
 * Parse a JSON request body with a strict schema: an unknown field, a wrong type or a missing field
 * is SKIFF_API_BAD_REQUEST naming the field path (`runtime_config.parameters`), never a 500.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  const where = path === '' ? what : `${what}.${path}`;
  throw new SkiffError('SKIFF_API_BAD_REQUEST', `${where}: ${issue.message}${unknownKeys}`, {
    location: path || what,
    fix: 'Correct the field named in the message (KFP v2beta1 JSON: snake_case names).',
  });
}
