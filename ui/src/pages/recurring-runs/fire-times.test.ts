import { describe, expect, it } from 'vitest';
import { dueTriggerTimes, nextTriggerTime } from '../../../../src/server/scheduler/trigger-times';
import { nextFireTimes } from './fire-times';

const created = '2026-12-07T10:00:00.000Z';
const now = Date.parse('2026-12-07T10:07:30.000Z');

describe('nextFireTimes', () => {
  it('reads a 6-field cron with seconds in UTC, as the scheduler does', () => {
    const times = nextFireTimes(
      {
        recurring_run_id: 'r',
        display_name: 'r',
        status: 'ENABLED',
        created_at: created,
        trigger: { cron_schedule: { cron: '0 */5 * * * *' } },
      },
      now,
    );
    expect(times.map((t) => new Date(t).toISOString())).toEqual([
      '2026-12-07T10:10:00.000Z',
      '2026-12-07T10:15:00.000Z',
      '2026-12-07T10:20:00.000Z',
      '2026-12-07T10:25:00.000Z',
      '2026-12-07T10:30:00.000Z',
    ]);
    // The server's scheduler agrees on the first one and on the whole window.
    const trigger = { kind: 'cron', cron: '0 */5 * * * *', startAtMs: null, endAtMs: null } as const;
    expect(nextTriggerTime(trigger, Date.parse(created), now)).toBe(times[0]);
    expect(dueTriggerTimes(trigger, Date.parse(created), now, times[4]!, 10).times).toEqual(times);
  });

  it('counts an interval from the start time or the creation, and stops at the end', () => {
    const rr = {
      recurring_run_id: 'r',
      display_name: 'r',
      status: 'ENABLED',
      created_at: created,
      trigger: { periodic_schedule: { interval_second: '120', end_time: '2026-12-07T10:14:00.000Z' } },
    };
    expect(nextFireTimes(rr, now).map((t) => new Date(t).toISOString())).toEqual([
      '2026-12-07T10:08:00.000Z',
      '2026-12-07T10:10:00.000Z',
      '2026-12-07T10:12:00.000Z',
      '2026-12-07T10:14:00.000Z',
    ]);
    const trigger = {
      kind: 'periodic',
      intervalSeconds: 120,
      startAtMs: null,
      endAtMs: Date.parse('2026-12-07T10:14:00.000Z'),
    } as const;
    expect(nextTriggerTime(trigger, Date.parse(created), now)).toBe(nextFireTimes(rr, now)[0]);
  });

  it('is empty when disabled or unreadable', () => {
    expect(
      nextFireTimes(
        {
          recurring_run_id: 'r',
          display_name: 'r',
          status: 'DISABLED',
          created_at: created,
          trigger: { cron_schedule: { cron: '0 * * * * *' } },
        },
        now,
      ),
    ).toEqual([]);
    expect(
      nextFireTimes(
        {
          recurring_run_id: 'r',
          display_name: 'r',
          created_at: created,
          trigger: { cron_schedule: { cron: 'nope' } },
        },
        now,
      ),
    ).toEqual([]);
  });
});
