import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { skiffErrorOf } from '../errors/testing.js';
import { CancelGrace } from './cancel-grace.js';

const never = new Promise<never>(() => {});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('resolved'),
    (error: unknown) => error,
  );
}

describe('CancelGrace', () => {
  it('passes results and errors through while the attempt is not canceled', async () => {
    const grace = new CancelGrace(new AbortController().signal, 10);
    expect(await grace.wait('a call', Promise.resolve(7))).toBe(7);
    const error = new Error('boom');
    expect(await rejection(grace.wait('a call', Promise.reject(error)))).toBe(error);
    expect(grace.abandoned).toEqual([]);
  });

  it('answers a call that had nothing to wait for (a value) with it, listening to nothing', async () => {
    const controller = new AbortController();
    const grace = new CancelGrace(controller.signal, 10);
    const answer = grace.wait('storing the log', 'file:///root/run/logs/a.log');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    controller.abort();
    expect(await answer).toBe('file:///root/run/logs/a.log');
    expect(grace.abandoned).toEqual([]);
  });

  it('stops waiting for a call that never returns once the grace after a cancel has passed', async () => {
    const controller = new AbortController();
    const grace = new CancelGrace(controller.signal, 50);
    const hung = rejection(grace.wait('the upload of output artifacts', never));
    const started = performance.now();
    controller.abort();
    const error = await hung;
    expect(performance.now() - started).toBeLessThan(1_000);
    const coded = skiffErrorOf(() => {
      throw error;
    });
    expect(coded.code).toBe('SKIFF_EXEC_CANCELED');
    expect(coded.message).toContain(
      'the upload of output artifacts did not return within 0.05 s of the cancel',
    );
    // A later call gets what is left of the same deadline, not a grace of its own.
    const later = performance.now();
    await rejection(grace.wait('storing the log', never));
    expect(performance.now() - later).toBeLessThan(40);
    expect(grace.abandoned).toEqual(['the upload of output artifacts', 'storing the log']);
  });

  it('still takes a result that arrives within the grace', async () => {
    const controller = new AbortController();
    controller.abort();
    const grace = new CancelGrace(controller.signal, 200);
    const late = new Promise((resolve) => setTimeout(() => resolve('done'), 20));
    expect(await grace.wait('a call', late)).toBe('done');
  });
});
