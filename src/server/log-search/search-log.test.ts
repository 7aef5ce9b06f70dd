import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAll, plainText } from './line-match.js';
import { type LogSearchMatch, searchLog } from './search-log.js';

async function* inChunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(at, Math.max(at, cut));
    at = Math.max(at, cut);
  }
  yield bytes.subarray(at);
}

/** The matches as the UI finds them in lines it has read: every line, one after the other. */
function reference(bytes: Buffer, query: string): LogSearchMatch[] {
  const matches: LogSearchMatch[] = [];
  let offset = 0;
  let line = 1;
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset);
    const stop = end < 0 ? bytes.length : end;
    let text = bytes.subarray(offset, stop).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    for (const start of findAll(plainText(text), query)) matches.push({ line, offset, start });
    if (end < 0) break;
    offset = end + 1;
    line++;
  }
  return matches;
}

const piece = fc.constantFrom(
  'a',
  'A',
  'b',
  'ab',
  'é',
  'É',
  '\n',
  '\r\n',
  '\u001b[31m',
  '\u001b[0m',
  ' ',
  'x',
);

describe('searchLog', () => {
  it('finds what a line-by-line search finds, however the log is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 200 }).map((parts) => Buffer.from(parts.join(''))),
        fc.constantFrom('a', 'ab', 'É', 'b a', 'x\u001b'),
        fc.array(fc.nat(2000), { maxLength: 6 }),
        async (bytes, query, cuts) => {
          const found = await searchLog(inChunks(bytes, cuts), query, 1_000_000);
          expect(found.matches).toEqual(reference(bytes, query));
          expect(found.capped).toBe(false);
          expect(found.searchedBytes).toBe(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stops at the limit and says how far it read', async () => {
    const log = Buffer.from('one\ntwo needle\nthree\nneedle needle four\nfive needle\n');
    const found = await searchLog(inChunks(log, [5, 17]), 'NEEDLE', 2);
    expect(found.matches).toEqual([
      { line: 2, offset: 4, start: 4 },
      { line: 4, offset: 21, start: 0 },
    ]);
    expect(found.capped).toBe(true);
    expect(found.searchedBytes).toBe(21);
  });

  it('searches a line longer than its limit in pieces, each match naming where the line starts', async () => {
    const long = `${'x'.repeat(30)}needle${'y'.repeat(40)}needle`;
    const log = Buffer.from(`first\n${long}\nlast needle`);
    const found = await searchLog(inChunks(log, [44, 70]), 'needle', 10, 32);
    expect(found.matches.map((m) => [m.line, m.offset])).toEqual([
      [2, 6],
      [2, 6],
      [3, 6 + long.length + 1],
    ]);
  });
});
