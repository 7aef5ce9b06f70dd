import { describe, expect, it } from 'vitest';
import { SkiffError } from '../../errors/index.js';
import type { S3Failure } from './s3-errors.js';
import { RETRY_CAP_MS, type RetryLoop, retryDelayMs, retryTransient } from './s3-retry.js';

const transient = (message: string): S3Failure => ({
  error: new SkiffError('SKIFF_STORAGE_IO', message),
  transient: true,
  network: true,
});

function loop(overrides: Partial<RetryLoop> = {}): RetryLoop & { retries: number[] } {
  const retries: number[] = [];
  return {
    maxAttempts: 5,
    budgetMs: 10_000,
    replayable: true,
    classify: async (error) =>
      error instanceof SkiffError ? { error, transient: false, network: false } : transient(String(error)),
    exhausted: (attempts, _elapsed, last) =>
      new SkiffError('SKIFF_STORAGE_IO', `gave up after ${attempts}: ${last.error.message}`),
    onRetry: (attempt) => retries.push(attempt),
    random: () => 0.5,
    retries,
    ...overrides,
  };
}

describe('retryDelayMs', () => {
  it('doubles the ceiling per failed attempt from 200 ms and caps it at 5 s, with full jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n, () => 0.999999))).toEqual([
      199, 399, 799, 1599, 3199, 4999, 4999,
    ]);
    expect(retryDelayMs(3, () => 0)).toBe(0);
    expect(retryDelayMs(2, () => 0.5)).toBe(200);
  });

  it('stays inside [0, cap) for any random draw', () => {
    for (let n = 1; n < 40; n++) {
      const delay = retryDelayMs(n);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(RETRY_CAP_MS);
    }
  });
});

describe('retryTransient', () => {
  it('retries transient failures until the action succeeds', async () => {
    const l = loop();
    const result = await retryTransient(l, async (attempt) => {
      if (attempt < 3) throw new Error('ECONNRESET');
      return attempt;
    });
    expect(result).toBe(3);
    expect(l.retries).toEqual([1, 2]);
  });

  it('stops at maxAttempts and throws the exhausted error naming the attempts', async () => {
    const l = loop({ maxAttempts: 3 });
    await expect(retryTransient(l, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      /gave up after 3/,
    );
    expect(l.retries).toEqual([1, 2]);
  });

  it('stops when the next delay would pass the budget', async () => {
    const l = loop({ maxAttempts: 100, budgetMs: 250, random: () => 0.999 });
    const started = performance.now();
    await expect(retryTransient(l, () => Promise.reject(new Error('down')))).rejects.toThrow(
      /gave up after 2/,
    );
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('never retries a failure that is not transient, nor a body that cannot be replayed', async () => {
    const permanent = loop();
    const denied = new SkiffError('SKIFF_STORAGE_DENIED', 'no');
    await expect(retryTransient(permanent, () => Promise.reject(denied))).rejects.toBe(denied);
    expect(permanent.retries).toEqual([]);
    const once = loop({ replayable: false });
    let calls = 0;
    await expect(
      retryTransient(once, () => {
        calls++;
        return Promise.reject(new Error('reset'));
      }),
    ).rejects.toThrow(/reset/);
    expect(calls).toBe(1);
  });
});
