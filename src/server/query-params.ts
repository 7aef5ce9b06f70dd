import { SkiffError } from '../errors/index.js';

/** Most characters in one query parameter's value (decoded), `filter` and `page_token` included. */
export const MAX_QUERY_VALUE_CHARS = 8_192;

/** Longest part of a query value quoted back in a message. */
const SHOWN_CHARS = 40;

/**
 * Refuses a query string that repeats a parameter (`?path=a&path=b`): every parameter of the KFP and
 * Skiff APIs is a single value, so a repeat is SKIFF_API_BAD_REQUEST naming it and its values. A
 * value longer than MAX_QUERY_VALUE_CHARS (a `filter`, a `page_token`...) is refused the same way,
 * naming the parameter, its length and the limit.
 */
export function rejectRepeatedQuery(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' && value.length > MAX_QUERY_VALUE_CHARS) {
      throw new SkiffError(
        'SKIFF_API_BAD_REQUEST',
        `query parameter ${name.slice(0, SHOWN_CHARS)} is ${value.length} characters long; the limit is ${MAX_QUERY_VALUE_CHARS}`,
        {
          location: name.slice(0, SHOWN_CHARS),
          fix: `Shorten ${name.slice(0, SHOWN_CHARS)} to at most ${MAX_QUERY_VALUE_CHARS} characters.`,
        },
      );
    }
    if (!Array.isArray(value)) continue;
    const shown = value.map((v) => JSON.stringify(String(v).slice(0, SHOWN_CHARS))).join(', ');
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `query parameter ${name} is given ${value.length} times (${shown}); each parameter takes one value`,
      { location: name, fix: `Give ${name} once.` },
    );
  }
}
