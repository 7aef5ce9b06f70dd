import { findAll, plainText } from './line-match.js';

/** One match: its line (1 is the first), where that line starts (byte offset), where in its text. */
export interface LogSearchMatch {
  readonly line: number;
  readonly offset: number;
  /** Offset in the line's text as shown (UTF-16 units, ANSI codes left out). */
  readonly start: number;
}

/** The matches of a search, and how far it read. */
export interface LogSearchResult {
  readonly matches: LogSearchMatch[];
  /** True when it stopped at `limit` matches: the log may hold more. */
  readonly capped: boolean;
  /** Bytes read: the whole log, or up to the line where it stopped. */
  readonly searchedBytes: number;
}

/** A line longer than this is searched in pieces of about this size (a match across two pieces is missed). */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Every match of `query` in a log read as `chunks`, in log order, as the web UI matches a line:
 * split on 0x0A (a trailing CR left out), ANSI codes left out, case ignored. Stops after `limit`
 * matches. Blocks without a possible match are only counted (lines), so a large log costs little
 * more than reading it; the event loop gets a turn between chunks.
 */
export async function searchLog(
  chunks: AsyncIterable<Uint8Array>,
  query: string,
  limit: number,
  maxLineBytes = MAX_LINE_BYTES,
): Promise<LogSearchResult> {
  const matches: LogSearchMatch[] = [];
  const needle = query.toLowerCase();
  const decoder = new TextDecoder();
  let carry: Buffer = Buffer.alloc(0);
  /** Bytes searched before `carry`; the number of the line `carry` is in, and where that line starts. */
  let offset = 0;
  let line = 1;
  let lineStart = 0;

  /** Search `block` (whole lines, or a piece of a very long one); false once `limit` is reached. */
  const searchBlock = (block: Buffer): boolean => {
    const text = decoder.decode(block);
    if (!text.includes('\u001b') && !text.toLowerCase().includes(needle)) {
      const newlines = countNewlines(block);
      line += newlines;
      offset += block.length;
      if (newlines > 0) lineStart = offset - (block.length - 1 - block.lastIndexOf(NEWLINE));
      return true;
    }
    let start = 0;
    while (start < block.length) {
      const end = block.indexOf(NEWLINE, start);
      const stop = end < 0 ? block.length : end;
      const cr = stop > start && block[stop - 1] === CR;
      for (const at of findAll(
        plainText(decoder.decode(block.subarray(start, cr ? stop - 1 : stop))),
        query,
      )) {
        if (matches.length >= limit) {
          offset += start;
          return false;
        }
        matches.push({ line, offset: lineStart, start: at });
      }
      if (end < 0) break;
      line++;
      start = end + 1;
      lineStart = offset + start;
    }
    offset += block.length;
    return true;
  };

  for await (const chunk of chunks) {
    const buffer = carry.length === 0 ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
    const lastNewline = buffer.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      carry = buffer;
      // One very long line: search this piece of it now; the line goes on in the next piece.
      if (carry.length >= maxLineBytes) {
        if (!searchBlock(carry)) return { matches, capped: true, searchedBytes: offset };
        carry = Buffer.alloc(0);
      }
      continue;
    }
    carry = Buffer.from(buffer.subarray(lastNewline + 1));
    if (!searchBlock(buffer.subarray(0, lastNewline + 1)))
      return { matches, capped: true, searchedBytes: offset };
  }
  if (carry.length > 0 && !searchBlock(carry)) return { matches, capped: true, searchedBytes: offset };
  return { matches, capped: false, searchedBytes: offset };
}

function countNewlines(block: Buffer): number {
  let count = 0;
  for (let at = block.indexOf(NEWLINE); at >= 0; at = block.indexOf(NEWLINE, at + 1)) count++;
  return count;
}
