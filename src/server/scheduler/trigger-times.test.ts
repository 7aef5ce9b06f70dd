import { describe, expect, it } from 'vitest';
import type { RecurringTrigger } from '../../metadata/index.js';
import { compileCron, dueTriggerTimes, nextTriggerTime } from './trigger-times.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: readonly number[]) => ms.map((m) => new Date(m).toISOString());
const periodic = (intervalSeconds: number, start?: string, end?: string): RecurringTrigger => ({
  kind: 'periodic',
  intervalSeconds,
  startAtMs: start === undefined ? null : at(start),
  endAtMs: end === undefined ? null : at(end),
});
const cron = (expression: string, start?: string, end?: string): RecurringTrigger => ({
  kind: 'cron',
  cron: expression,
  startAtMs: start === undefined ? null : at(start),
  endAtMs: end === undefined ? null : at(end),
});
const ORIGIN = at('2026-01-01T00:00:00.250Z');

describe('periodic triggers', () => {
  it('fire at origin + k × interval for k ≥ 1, anchored at the creation time without a start', () => {
    expect(new Date(nextTriggerTime(periodic(60), ORIGIN, ORIGIN)!).toISOString()).toBe(
      '2026-01-01T00:01:00.250Z',
    );
    const due = dueTriggerTimes(periodic(60), ORIGIN, ORIGIN, at('2026-01-01T00:03:30Z'), 100);
    expect(iso(due.times)).toEqual([
      '2026-01-01T00:01:00.250Z',
      '2026-01-01T00:02:00.250Z',
      '2026-01-01T00:03:00.250Z',
    ]);
    expect(due.dropped).toBe(false);
  });

  it('resume strictly after the last handled time, and include a time equal to the window end', () => {
    const last = at('2026-01-01T00:02:00.250Z');
    expect(
      iso(dueTriggerTimes(periodic(60), ORIGIN, last, at('2026-01-01T00:03:00.250Z'), 100).times),
    ).toEqual(['2026-01-01T00:03:00.250Z']);
    expect(dueTriggerTimes(periodic(60), ORIGIN, last, at('2026-01-01T00:03:00.249Z'), 100).times).toEqual(
      [],
    );
  });

  it('anchor at start_time, fire nothing before it, and stop at end_time (inclusive)', () => {
    const trigger = periodic(3600, '2026-01-02T00:00:00Z', '2026-01-02T03:00:00Z');
    const due = dueTriggerTimes(trigger, ORIGIN, ORIGIN, at('2026-01-03T00:00:00Z'), 100);
    expect(iso(due.times)).toEqual([
      '2026-01-02T01:00:00.000Z',
      '2026-01-02T02:00:00.000Z',
      '2026-01-02T03:00:00.000Z',
    ]);
    expect(nextTriggerTime(trigger, ORIGIN, at('2026-01-02T03:00:00Z'))).toBeUndefined();
  });

  it('keep only the latest `limit` of a long backlog, oldest first, and say older ones were dropped', () => {
    const due = dueTriggerTimes(periodic(1), ORIGIN, ORIGIN, ORIGIN + 7 * 86_400_000, 3);
    expect(due.times).toEqual([
      ORIGIN + 7 * 86_400_000 - 2000,
      ORIGIN + 7 * 86_400_000 - 1000,
      ORIGIN + 7 * 86_400_000,
    ]);
    expect(due.dropped).toBe(true);
  });
});

describe('cron triggers', () => {
  it('read KFP 6-field expressions with seconds, in UTC', () => {
    const due = dueTriggerTimes(cron('30 0 * * * *'), ORIGIN, ORIGIN, at('2026-01-01T03:00:00Z'), 100);
    expect(iso(due.times)).toEqual([
      '2026-01-01T00:00:30.000Z',
      '2026-01-01T01:00:30.000Z',
      '2026-01-01T02:00:30.000Z',
    ]);
  });

  it('read 5-field expressions (seconds 0) and nicknames', () => {
    expect(iso([nextTriggerTime(cron('*/15 * * * *'), ORIGIN, ORIGIN)!])).toEqual([
      '2026-01-01T00:15:00.000Z',
    ]);
    expect(iso([nextTriggerTime(cron('@daily'), ORIGIN, ORIGIN)!])).toEqual(['2026-01-02T00:00:00.000Z']);
  });

  it('fire strictly after start_time and no later than end_time', () => {
    const trigger = cron('0 0 * * * *', '2026-01-01T05:00:00Z', '2026-01-01T07:00:00Z');
    const due = dueTriggerTimes(trigger, ORIGIN, ORIGIN, at('2026-01-02T00:00:00Z'), 100);
    expect(iso(due.times)).toEqual(['2026-01-01T06:00:00.000Z', '2026-01-01T07:00:00.000Z']);
    expect(nextTriggerTime(trigger, ORIGIN, at('2026-01-01T07:00:00Z'))).toBeUndefined();
  });

  it('keep only the latest `limit` of a long backlog without walking all of it', () => {
    const until = at('2027-01-01T00:00:00Z');
    const started = performance.now();
    const due = dueTriggerTimes(cron('* * * * * *'), ORIGIN, ORIGIN, until, 2);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(iso(due.times)).toEqual(['2026-12-31T23:59:59.000Z', '2027-01-01T00:00:00.000Z']);
    expect(due.dropped).toBe(true);
  });

  it('has no next time for a pattern that never matches', () => {
    expect(nextTriggerTime(cron('0 0 0 30 2 *'), ORIGIN, ORIGIN)).toBeUndefined();
  });

  it('rejects malformed expressions and 7-field ones', () => {
    for (const bad of ['x', '61 * * * *', '* * * *', '* * * * * * *']) {
      expect(() => compileCron(bad), bad).toThrow();
    }
  });
});
