import type { LogLine } from './log-lines';

/** One match of a search: the page and line it is in, and where in the line's text (without ANSI codes). */
export interface LogMatch {
  readonly page: number;
  readonly line: number;
  readonly start: number;
}

/** Control sequences (colours, cursor moves) and OSC strings, as a terminal would not print them. */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

/** A line's text as shown: ANSI codes left out. */
export function plainText(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/** Where `query` occurs in `text`, ignoring case: start offsets, not overlapping. */
export function findAll(text: string, query: string): number[] {
  if (query === '') return [];
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  const starts: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    starts.push(at);
  }
  return starts;
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
