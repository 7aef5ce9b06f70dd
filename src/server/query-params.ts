import { SkiffError } from '../errors/index.js';

/** Longest part of a query value quoted back in a message. */
const SHOWN_CHARS = 40;

/**
 * Refuses a query string that repeats a parameter (`?path=a&path=b`): every parameter of the KFP and
 * Skiff APIs is a single value, so a repeat is SKIFF_API_BAD_REQUEST naming it and its values.
 */
export function rejectRepeatedQuery(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  for (const [name, value] of Object.entries(query)) {
    if (!Array.isArray(value)) continue;
    const shown = value.map((v) => JSON.stringify(String(v).slice(0, SHOWN_CHARS))).join(', ');
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `query parameter ${name} is given ${value.length} times (${shown}); each parameter takes one value`,
      { location: name, fix: `Give ${name} once.` },
    );
  }
}
