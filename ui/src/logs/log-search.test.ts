import { describe, expect, it } from 'vitest';
import { findAll, plainText, searchPages } from './log-search';

describe('log search', () => {
  it('finds matches ignoring case and ANSI codes, in log order', () => {
    expect(plainText('\u001b[31mred\u001b[0m text')).toBe('red text');
    expect(findAll('Error error ERROR', 'error')).toEqual([0, 6, 12]);
    const line = (text: string, offset: number) => ({ text, offset, cut: false });
    const found = searchPages(
      [
        { page: 0, lines: [line('no', 0), line('\u001b[1mFAIL\u001b[0m: fail', 3)] },
        { page: 3, lines: [line('failed', 900)] },
      ],
      'fail',
    );
    expect(found.matches).toEqual([
      { page: 0, line: 1, start: 0 },
      { page: 0, line: 1, start: 6 },
      { page: 3, line: 0, start: 0 },
    ]);
    expect(searchPages([{ page: 0, lines: [line('aaaa', 0)] }], 'a', 2)).toEqual({
      matches: [
        { page: 0, line: 0, start: 0 },
        { page: 0, line: 0, start: 1 },
      ],
      capped: true,
    });
  });
});
