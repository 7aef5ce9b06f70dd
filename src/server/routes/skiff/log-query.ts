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

/** The query of `GET .../logs/search`: the text, which attempt (the last when absent), and how many matches. */
export interface LogSearchQuery {
  readonly q: string;
  readonly attempt: number | undefined;
  readonly limit: number;
}

/** Longest search text, in characters. */
export const MAX_SEARCH_CHARS = 1000;
/** Most matches one search answers. */
export const MAX_SEARCH_MATCHES = 10_000;

/** Parses `q` (1 to 1,000 characters), `attempt` and `limit` (1 to 10,000; 1,000 by default). */
export function parseLogSearchQuery(query: unknown): LogSearchQuery {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const q = single(params, 'q');
  if (q === undefined || q === '' || q.length > MAX_SEARCH_CHARS) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      q === undefined || q === ''
        ? 'query parameter q (the text to search for) is missing or empty'
        : `query parameter q is ${q.length} characters long, more than the ${MAX_SEARCH_CHARS} a search takes`,
      { location: 'q', fix: `Give the text to find as q=TEXT (1 to ${MAX_SEARCH_CHARS} characters).` },
    );
  }
  const limit = wholeNumber(
    params,
    'limit',
    1,
    `Give how many matches to answer, 1 to ${MAX_SEARCH_MATCHES}.`,
  );
  if (limit !== undefined && limit > MAX_SEARCH_MATCHES) {
    throw bad(
      'limit',
      String(limit),
      `is more than ${MAX_SEARCH_MATCHES}`,
      `Ask for at most ${MAX_SEARCH_MATCHES} matches.`,
    );
  }
  return {
    q,
    attempt: wholeNumber(
      params,
      'attempt',
      1,
      'Give an attempt number from GET .../attempts (1 is the first).',
    ),
    limit: limit ?? 1000,
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
