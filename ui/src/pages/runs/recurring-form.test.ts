import { describe, expect, it } from 'vitest';
import { DEFAULT_RECURRING, recurringFields } from './recurring-form';

describe('recurringFields', () => {
  it('builds a cron trigger with its window and a periodic one in seconds', () => {
    const cron = recurringFields({ ...DEFAULT_RECURRING, start: '2026-12-07T10:00', catchup: false });
    expect(cron).toMatchObject({
      ok: true,
      fields: {
        trigger: { cron_schedule: { cron: '0 0 * * * *' } },
        max_concurrency: '10',
        no_catchup: true,
      },
    });
    const start = (cron as unknown as { fields: { trigger: { cron_schedule: { start_time: string } } } })
      .fields.trigger.cron_schedule.start_time;
    expect(Date.parse(start)).toBe(new Date(2026, 11, 7, 10, 0).getTime());
    const periodic = recurringFields({
      ...DEFAULT_RECURRING,
      kind: 'interval',
      intervalValue: '5',
      intervalUnit: 'minutes',
    });
    expect(periodic).toMatchObject({
      ok: true,
      fields: { trigger: { periodic_schedule: { interval_second: '300' } } },
    });
  });

  it('names the wrong fields', () => {
    const bad = recurringFields({
      ...DEFAULT_RECURRING,
      cron: '* *',
      maxConcurrency: '0',
      start: '2026-12-07T10:00',
      end: '2026-12-07T09:00',
    });
    expect(bad).toMatchObject({ ok: false });
    expect(Object.keys((bad as { errors: object }).errors).sort()).toEqual(['cron', 'end', 'maxConcurrency']);
  });
});
