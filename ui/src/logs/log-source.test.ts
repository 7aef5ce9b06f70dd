import { describe, expect, it } from 'vitest';
import type { LogRangeAnswer } from '../api/logs-api';
import { LogSource, PAGE_BYTES } from './log-source';

/** Answers Range requests over `bytes` as the server does (docs/server.md "Byte ranges of logs"). */
function rangeReader(log: { bytes: Uint8Array }, asked: string[]) {
  return async (range: string): Promise<LogRangeAnswer> => {
    asked.push(range);
    const size = log.bytes.length;
    const tail = /^tail=(\d+)$/.exec(range);
    if (tail) return { kind: 'tail', bytes: log.bytes.slice(Math.max(0, size - Number(tail[1]))) };
    const suffix = /^bytes=-(\d+)$/.exec(range);
    const span = /^bytes=(\d+)-(\d+)$/.exec(range);
    let [start, end] = suffix
      ? [Math.max(0, size - Number(suffix[1])), size - 1]
      : [Number(span![1]), Number(span![2])];
    if (start >= size) return { kind: 'past-end', size };
    end = Math.min(end, size - 1);
    return { kind: 'bytes', bytes: log.bytes.slice(start, end + 1), start, size };
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LogSource', () => {
  // Lines "line N ✓" (11-14 bytes): about 2.5 pages; '✓' is 3 bytes, so page ends fall inside some.
  const text = Array.from({ length: 60_000 }, (_, i) => `line ${i + 1} ✓\n`).join('');
  const bytes = new TextEncoder().encode(text);

  it('reads the end first, then only the pages asked, and numbers lines once read from the start', async () => {
    const asked: string[] = [];
    const source = new LogSource(rangeReader({ bytes }, asked));
    source.start();
    await settle();
    const pages = Math.ceil(bytes.length / PAGE_BYTES);
    expect(pages).toBeGreaterThan(2);
    expect(asked).toEqual([`tail=${PAGE_BYTES + 1}`, `bytes=-${PAGE_BYTES + 1}`]);
    const last = source.linesOf(pages - 1)!;
    expect(last.at(-1)?.text).toBe('line 60000 ✓');
    expect(source.layout().firstLineNumbers[pages - 1]).toBeUndefined();
    source.ensure([0]);
    await settle();
    await settle();
    expect(source.linesOf(0)![0]!.text).toBe('line 1 ✓');
    expect(source.bytesFetched).toBeLessThan(bytes.length);
    const middle = Array.from({ length: pages - 2 }, (_, i) => i + 1);
    source.ensure(middle);
    await settle();
    await settle();
    const layout = source.layout();
    const all = [0, ...middle, pages - 1].flatMap((page) => source.linesOf(page)!.map((line) => line.text));
    expect(all).toEqual(text.trimEnd().split('\n'));
    expect(layout.total).toBe(60_000);
    expect(layout.firstLineNumbers[pages - 1]).toBe(60_001 - last.length);
  });

  it('hears a live log grow and reads its open last line again', async () => {
    const log = { bytes: new TextEncoder().encode('one\ntw') };
    const source = new LogSource(rangeReader(log, []));
    source.start();
    await settle();
    expect(source.linesOf(0)!.map((line) => line.text)).toEqual(['one', 'tw']);
    log.bytes = new TextEncoder().encode('one\ntwo\nthree\n');
    await source.poll();
    expect(source.size).toBe(14);
    source.ensure([0]);
    await settle();
    await settle();
    expect(source.linesOf(0)!.map((line) => line.text)).toEqual(['one', 'two', 'three']);
  });

  it('knows an empty log (416) and reports errors', async () => {
    const empty = new LogSource(rangeReader({ bytes: new Uint8Array() }, []));
    empty.start();
    await settle();
    expect(empty.size).toBe(0);
    expect(empty.layout().total).toBe(0);
    const failing = new LogSource(async () => {
      throw new Error('gone');
    });
    failing.start();
    await settle();
    expect(String(failing.error)).toContain('gone');
  });
  it('carries ANSI colours from line to line through the pages read, and starts plain after a page not read', async () => {
    const ESC = '\u001b';
    // Page 0 ends red (set and never reset); page 1 resets on its third line.
    const filler = 'x'.repeat(99);
    const page0 = `${ESC}[31mred starts\n${`${filler}\n`.repeat(Math.ceil(PAGE_BYTES / 100))}`;
    const page1 = `${filler}\n${filler}\n${ESC}[0mreset\nplain\n`;
    const log = { bytes: new TextEncoder().encode(page0 + page1) };
    const source = new LogSource(rangeReader(log, []));
    source.start();
    await settle();
    // Only the last page is read: it starts plain, its predecessor unknown.
    expect(source.stylesOf(0)).toBeUndefined();
    const alone = source.stylesOf(1)!;
    expect(alone.every((style) => style === '')).toBe(true);
    source.ensure([0]);
    await settle();
    expect(source.stylesOf(0)!.slice(0, 3)).toEqual(['', `${ESC}[31m`, `${ESC}[31m`]);
    const lines = source.linesOf(1)!;
    const styles = source.stylesOf(1)!;
    const at = (text: string) => styles[lines.findIndex((line) => line.text.endsWith(text))];
    expect(at('reset')).toBe(`${ESC}[31m`);
    expect(at('plain')).toBe('');
    expect(styles[0]).toBe(`${ESC}[31m`);
  });
});
