import { describe, expect, it } from 'vitest';
import { LogLayout } from './log-layout';

describe('LogLayout', () => {
  it('places rows page after page and numbers lines only after pages read from the start', () => {
    const layout = new LogLayout([
      { count: 3, known: true },
      { count: 0, known: true },
      { count: 5, known: false },
      { count: 2, known: true },
    ]);
    expect(layout.total).toBe(10);
    expect(layout.starts).toEqual([0, 3, 3, 8]);
    expect(layout.firstLineNumbers).toEqual([1, 4, 4, undefined]);
    expect(layout.locate(0)).toEqual({ page: 0, index: 0 });
    expect(layout.locate(3)).toEqual({ page: 2, index: 0 });
    expect(layout.locate(9)).toEqual({ page: 3, index: 1 });
    expect(layout.locate(99)).toEqual({ page: 3, index: 1 });
    expect(layout.pagesBetween(2, 8)).toEqual([0, 2, 3]);
    expect(new LogLayout([]).locate(0)).toBeUndefined();
  });
});
