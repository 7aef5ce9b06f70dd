// The recurring part of the create-run form: a cron or an interval trigger, its window,
// concurrency and catch-up, as KFP's V2beta1RecurringRun fields.

/** What the form holds for a recurring run (times as `datetime-local` text, local time). */
export interface RecurringForm {
  readonly kind: 'cron' | 'interval';
  /** KFP's 6-field cron with seconds (`0 0 * * * *`), or 5 fields. */
  readonly cron: string;
  readonly intervalValue: string;
  readonly intervalUnit: 'seconds' | 'minutes' | 'hours' | 'days';
  readonly maxConcurrency: string;
  readonly start: string;
  readonly end: string;
  readonly catchup: boolean;
}

export const DEFAULT_RECURRING: RecurringForm = {
  kind: 'cron',
  cron: '0 0 * * * *',
  intervalValue: '1',
  intervalUnit: 'hours',
  maxConcurrency: '10',
  start: '',
  end: '',
  catchup: true,
};

const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3_600, days: 86_400 } as const;

/** The trigger and options to send, or the messages of the wrong fields (by field name). */
export function recurringFields(
  form: RecurringForm,
):
  | { readonly ok: true; readonly fields: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const bounds: Record<string, string> = {};
  for (const which of ['start', 'end'] as const) {
    const text = form[which];
    if (text === '') continue;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) errors[which] = `"${text}" is not a date and time`;
    else bounds[`${which}_time`] = new Date(ms).toISOString();
  }
  if (bounds.start_time && bounds.end_time && bounds.end_time <= bounds.start_time)
    errors.end = 'the end must be after the start';
  const concurrency = Number(form.maxConcurrency);
  if (!/^\d+$/.test(form.maxConcurrency.trim()) || concurrency < 1 || concurrency > 10)
    errors.maxConcurrency = 'a whole number from 1 to 10';
  let trigger: Record<string, unknown> = {};
  if (form.kind === 'cron') {
    const fields = form.cron.trim().split(/\s+/);
    if (!form.cron.trim().startsWith('@') && fields.length !== 5 && fields.length !== 6)
      errors.cron = 'a cron has 6 fields with seconds (0 0 * * * *) or 5 without';
    trigger = { cron_schedule: { cron: form.cron.trim(), ...bounds } };
  } else {
    const value = Number(form.intervalValue);
    if (!/^\d+$/.test(form.intervalValue.trim()) || value < 1)
      errors.interval = 'a whole number of at least 1';
    trigger = {
      periodic_schedule: { interval_second: String(value * UNIT_SECONDS[form.intervalUnit]), ...bounds },
    };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    fields: { trigger, max_concurrency: String(concurrency), no_catchup: !form.catchup, mode: 'ENABLE' },
  };
}
