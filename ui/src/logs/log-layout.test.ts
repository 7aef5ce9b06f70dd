import { describe, expect, it } from 'vitest';
import { LogLayout } from './log-layout';

describe('LogLayout', () => {
  it('gives a line an item and a page not read one tall item; numbers lines only after pages read from the start', () => {
    const layout = new LogLayout([
      { count: 3, known: true },
      { count: 0, known: true },
      { count: 5, known: false },
      { count: 2, known: true },
    ]);
    expect(layout.total).toBe(6);
    expect(layout.rows).toBe(10);
    expect(layout.starts).toEqual([0, 3, 3, 4]);
    expect(layout.firstLineNumbers).toEqual([1, 4, 4, undefined]);
    expect(layout.locate(0)).toEqual({ page: 0, index: 0 });
    expect(layout.locate(3)).toEqual({ page: 2, index: 0 });
    expect(layout.locate(5)).toEqual({ page: 3, index: 1 });
    expect(layout.locate(99)).toEqual({ page: 3, index: 1 });
    expect(layout.pagesBetween(2, 4)).toEqual([0, 2, 3]);
    expect(new LogLayout([]).locate(0)).toBeUndefined();
  });

  it('scales the heights of pages not read so that the list stays below what a browser can lay out', () => {
    const layout = new LogLayout([
      { count: 10, known: true },
      { count: 1_000, known: false },
      { count: 3_000, known: false },
    ]);
    expect(layout.heights(10, 1_000_000)).toEqual([100, 10_000, 30_000]);
    expect(layout.heights(10, 4_100)).toEqual([100, 1_000, 3_000]);
    expect(layout.heights(10, 50)).toEqual([100, 10, 10]);
  });
});
