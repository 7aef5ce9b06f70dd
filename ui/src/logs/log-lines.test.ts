import { describe, expect, it } from 'vitest';
import { completeLength, pageLines } from './log-lines';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('pageLines', () => {
  const log = utf8('first\nsecond é line\nthird ✓\n');

  it('splits a whole log into lines with their byte offsets', () => {
    const page = pageLines(log, 0, 0, 1024, log.length);
    expect(page.lines.map((line) => [line.offset, line.text])).toEqual([
      [0, 'first'],
      [6, 'second é line'],
      [21, 'third ✓'],
    ]);
    expect(page.final).toBe(false); // a page not yet full may gain lines
  });

  it('gives each line to the page it starts in, decoding characters cut by page boundaries', () => {
    // 'é' is bytes 13-14 and '✓' 27-29: pages of 14 bytes cut both.
    const first = pageLines(log.subarray(0, 28), 0, 0, 14, log.length);
    expect(first.lines.map((line) => line.text)).toEqual(['first', 'second é line']);
    const second = pageLines(log.subarray(13), 13, 14, 28, log.length);
    expect(second.lines.map((line) => [line.offset, line.text])).toEqual([[21, 'third ✓']]);
    expect(second.final).toBe(true);
    const third = pageLines(log.subarray(27), 27, 28, 42, log.length);
    expect(third.lines).toEqual([]);
  });

  it('marks a line cut by the bytes read, and keeps the open last line of a live log open', () => {
    const cut = pageLines(log.subarray(0, 14), 0, 0, 10, log.length); // ends inside 'é'
    expect(cut.lines.at(-1)).toEqual({ offset: 6, text: 'second ', cut: true });
    const live = utf8('done\npartial ✓');
    const open = pageLines(live, 0, 0, 1024, live.length);
    expect(open.lines.at(-1)).toEqual({ offset: 5, text: 'partial ✓', cut: false });
    expect(open.final).toBe(false);
  });

  it('drops CR of CRLF line ends', () => {
    const crlf = utf8('a\r\nb\r\n');
    expect(pageLines(crlf, 0, 0, 10, crlf.length).lines.map((line) => line.text)).toEqual(['a', 'b']);
  });
});

describe('completeLength', () => {
  it('leaves out an incomplete last character only', () => {
    const check = utf8('a✓');
    expect(completeLength(check)).toBe(4);
    expect(completeLength(check.subarray(0, 3))).toBe(1);
    expect(completeLength(check.subarray(0, 2))).toBe(1);
    expect(completeLength(utf8('ab'))).toBe(2);
  });
});
