import { describe, expect, it } from 'vitest';
import { formatBytes } from './dir-size.js';

describe('formatBytes', () => {
  it('writes sizes in SI units with one decimal, moving up a unit before it would show 1000.0', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(41_234_567)).toBe('41.2 MB');
    expect(formatBytes(999_960)).toBe('1.0 MB');
    expect(formatBytes(1_300_000_000)).toBe('1.3 GB');
    expect(formatBytes(5e15)).toBe('5000.0 TB');
  });
});
