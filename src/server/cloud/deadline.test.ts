import { describe, expect, it } from 'vitest';
import { settleWithin } from './deadline.js';

describe('settleWithin', () => {
  it('settles with the fallback when the work never settles', async () => {
    const never = new Promise<string>(() => undefined);
    const started = performance.now();
    expect(await settleWithin(never, 50, () => 'timed out')).toBe('timed out');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('gives the work’s value or error when it settles in time', async () => {
    expect(await settleWithin(Promise.resolve('value'), 1000, () => 'timed out')).toBe('value');
    await expect(settleWithin(Promise.reject(new Error('boom')), 1000, () => 'timed out')).rejects.toThrow(
      'boom',
    );
  });
});
