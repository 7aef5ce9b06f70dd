import { describe, expect, it } from 'vitest';
import { rfc3339 } from './run-json.js';

describe('rfc3339', () => {
  it('writes epoch ms as RFC 3339, and leaves out a time no Date can hold instead of throwing', () => {
    expect(rfc3339(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(rfc3339(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(rfc3339(null)).toBeUndefined();
    // A periodic schedule stored with a huge interval has its next time out here.
    expect(rfc3339(1e23 * 1000)).toBeUndefined();
    expect(rfc3339(Number.NaN)).toBeUndefined();
  });
});
