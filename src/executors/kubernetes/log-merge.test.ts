import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeLiveLog, overlapLength } from './log-merge.js';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat(40)}\n`).join('');

describe('completeLiveLog', () => {
  const merged = async (streamed: string, kubelet: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'skiff-log-merge-')), 'attempt.log');
    writeFileSync(file, streamed);
    await completeLiveLog(file, kubelet);
    return readFileSync(file, 'utf8');
  };
  const whole = lines(0, 20_000);

  it('adds the end a streamed copy lagging behind lacks, from the whole log the kubelet keeps', async () => {
    expect(await merged(lines(0, 15_000), whole)).toBe(whole);
  });

  it('keeps a whole streamed copy when the kubelet kept only the last part (rotated away the rest)', async () => {
    // Before, the kubelet's last part replaced the streamed copy: the first lines were lost.
    expect(await merged(whole, lines(12_000, 20_000))).toBe(whole);
    expect(await merged(lines(0, 15_000), lines(12_000, 20_000))).toBe(whole);
  });

  it('says where lines may be missing when the two do not overlap', async () => {
    const text = await merged(lines(0, 5_000), lines(12_000, 20_000));
    expect(text.startsWith(lines(0, 5_000))).toBe(true);
    expect(text.endsWith(lines(12_000, 20_000))).toBe(true);
    expect(text).toContain('[skiff: the log may lack lines here');
  });

  it('writes the kubelet copy when nothing was streamed, and leaves the copy alone when the kubelet has none', async () => {
    expect(await merged('', 'a\nb\n')).toBe('a\nb\n');
    expect(await merged('a\n', '')).toBe('a\n');
  });
});

describe('overlapLength', () => {
  it('finds the longest end of one text that starts the other', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const tail = Buffer.from(a + b);
        const head = Buffer.from(b + c);
        const found = overlapLength(tail, head);
        expect(found).toBeGreaterThanOrEqual(Buffer.byteLength(b));
        expect(tail.subarray(tail.length - found).equals(head.subarray(0, found))).toBe(true);
      }),
    );
  });
});
