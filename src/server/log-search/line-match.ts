// How a log line is searched, the same in the server (whole logs) and in the web UI (pages read):
// as shown (ANSI codes left out), ignoring case. No Node imports: the UI bundles this file.

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
