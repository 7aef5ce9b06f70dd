import { SkiffError } from '../../../errors/index.js';
import { single } from '../../kfp/list-query.js';

/** The query of `GET .../logs`: which attempt (the last when absent), follow or not, and a tail size. */
export interface LogQuery {
  readonly attempt: number | undefined;
  readonly follow: boolean;
  readonly tailBytes: number | undefined;
}

/**
 * Parses `attempt` (a positive integer), `follow` (true or false) and `tail_bytes` (a whole number);
 * anything else, or a repeated parameter, is SKIFF_API_BAD_REQUEST naming it.
 */
export function parseLogQuery(query: unknown): LogQuery {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const follow = single(params, 'follow');
  if (follow !== undefined && follow !== 'true' && follow !== 'false') {
    throw bad(
      'follow',
      follow,
      'is not true or false',
      'Write follow=true to stream the log, or leave it out.',
    );
  }
  return {
    attempt: wholeNumber(
      params,
      'attempt',
      1,
      'Give an attempt number from GET .../attempts (1 is the first).',
    ),
    follow: follow === 'true',
    tailBytes: wholeNumber(
      params,
      'tail_bytes',
      0,
      'Give the number of bytes to read from the end, e.g. tail_bytes=4096.',
    ),
  };
}

function wholeNumber(
  params: Record<string, unknown>,
  name: string,
  min: number,
  fix: string,
): number | undefined {
  const text = single(params, name);
  if (text === undefined) return undefined;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value) || value < min) {
    const rule = min === 1 ? 'is not a positive integer' : 'is not a whole number';
    throw bad(name, text, rule, fix);
  }
  return value;
}

function bad(name: string, value: string, rule: string, fix: string): SkiffError {
  return new SkiffError('SKIFF_API_BAD_REQUEST', `query parameter ${name} "${value.slice(0, 40)}" ${rule}`, {
    location: name,
    fix,
  });
}
