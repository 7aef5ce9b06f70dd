import { findAll, plainText } from '../../../src/server/log-search/line-match';
import type { LogLine } from './log-lines';

export { findAll, plainText };

/** One match of a search: the page and line it is in, and where in the line's text (without ANSI codes). */
export interface LogMatch {
  readonly page: number;
  readonly line: number;
  readonly start: number;
}

/** Every match of `query` in the pages read, in log order; stops at `limit` matches. */
export function searchPages(
  pages: readonly { readonly page: number; readonly lines: readonly LogLine[] }[],
  query: string,
  limit = 10_000,
): { readonly matches: readonly LogMatch[]; readonly capped: boolean } {
  const matches: LogMatch[] = [];
  if (query === '') return { matches, capped: false };
  for (const { page, lines } of pages) {
    for (let line = 0; line < lines.length; line++) {
      for (const start of findAll(plainText(lines[line]!.text), query)) {
        if (matches.length >= limit) return { matches, capped: true };
        matches.push({ page, line, start });
      }
    }
  }
  return { matches, capped: false };
}
