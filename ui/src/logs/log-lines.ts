/** One line of a log: where it starts (byte offset) and its text (ANSI codes kept, no line end). */
export interface LogLine {
  readonly offset: number;
  readonly text: string;
  /** The line goes on past what was read (a line longer than the bytes read past its page). */
  readonly cut: boolean;
}

/** The lines that start in one page of a log, and whether they can still change. */
export interface PageLines {
  readonly lines: readonly LogLine[];
  /** False while the log may still add to them (its last line is open, or the page is not full). */
  readonly final: boolean;
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8');

/**
 * The lines starting in bytes [pageStart, pageEnd) of a log of `size` bytes, read from `bytes`
 * (which hold the log from `bytesStart`: at least from pageStart - 1, to know whether a line starts
 * at pageStart, and past pageEnd to finish the page's last line). A line belongs to the page its
 * first byte is in. Lines are split on the byte 0x0A, which never occurs inside a multi-byte UTF-8
 * character, so a character cut by a page boundary is decoded whole; only a line cut by the end of
 * the bytes read may lose an incomplete last character.
 */
export function pageLines(
  bytes: Uint8Array,
  bytesStart: number,
  pageStart: number,
  pageEnd: number,
  size: number,
): PageLines {
  const bytesEnd = bytesStart + bytes.length;
  const at = (offset: number) => bytes[offset - bytesStart];
  const lines: LogLine[] = [];
  const lastStart = Math.min(pageEnd, size, bytesEnd);
  let start = pageStart;
  if (pageStart > 0 && (pageStart - 1 < bytesStart || at(pageStart - 1) !== NEWLINE)) {
    start = nextLineStart(bytes, bytesStart, pageStart, lastStart);
  }
  let final = pageEnd <= size;
  while (start < lastStart) {
    const end = bytes.indexOf(NEWLINE, start - bytesStart);
    if (end < 0) {
      // The line runs to the end of the bytes read: cut (final), or the log's open last line.
      const open = bytesEnd >= size;
      if (open) final = false;
      lines.push({ offset: start, text: decode(bytes.subarray(start - bytesStart), !open), cut: !open });
      break;
    }
    lines.push({ offset: start, text: decode(bytes.subarray(start - bytesStart, end), false), cut: false });
    start = bytesStart + end + 1;
  }
  return { lines, final };
}

/** The first offset in [from, limit) just after a newline, or limit. */
function nextLineStart(bytes: Uint8Array, bytesStart: number, from: number, limit: number): number {
  const index = bytes.indexOf(NEWLINE, Math.max(0, from - bytesStart));
  if (index < 0) return limit;
  return Math.min(limit, bytesStart + index + 1);
}

/** UTF-8 text of a line without its CR; `trimTail` drops an incomplete last character (a cut line). */
function decode(line: Uint8Array, trimTail: boolean): string {
  let bytes = trimTail ? line.subarray(0, completeLength(line)) : line;
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
  return decoder.decode(bytes);
}

/** The length of `bytes` without an incomplete UTF-8 sequence at its end. */
export function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const byte = bytes[n - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
