import { z } from 'zod';
import { SkiffError } from '../../errors/index.js';
import type { RecurringTrigger } from '../../metadata/index.js';
import { compileCron, nextTriggerTime } from '../scheduler/index.js';
import { runBodyFields } from './run-body-fields.js';
import { idText, nameText, parametersRecord, shortText } from './text-limits.js';

/** KFP's int64 fields arrive as JSON strings (proto3 JSON) or numbers; both are read. */
const int64 = z
  .union([
    z.number().int(),
    shortText.regex(/^-?\d+$/, 'expected an integer (a number or a string of digits)'),
  ])
  .transform(Number)
  // A string of digits past 2^53 would be read as another number: refused, as a number that long is.
  .pipe(
    z.number().int(`expected an integer between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`),
  );
/** The longest interval between runs of a periodic schedule: 100 years (times past it are not dates). */
const MAX_INTERVAL_SECONDS = 100 * 366 * 86_400;
const time = shortText.optional();

/** The body of `POST /apis/v2beta1/recurringruns` (KFP V2beta1RecurringRun; output-only fields are accepted and ignored). */
export const createRecurringRunBody = z.strictObject({
  ...runBodyFields,
  namespace: nameText.optional(),
  max_concurrency: int64.optional(),
  trigger: z.strictObject({
    cron_schedule: z.strictObject({ start_time: time, end_time: time, cron: shortText }).optional(),
    periodic_schedule: z
      .strictObject({ start_time: time, end_time: time, interval_second: int64 })
      .optional(),
  }),
  mode: z.enum(['MODE_UNSPECIFIED', 'ENABLE', 'DISABLE']).optional(),
  no_catchup: z.boolean().optional(),
  plugins_input: parametersRecord.optional(),
  // Output-only fields a client may echo back.
  recurring_run_id: idText.optional(),
  created_at: shortText.optional(),
  updated_at: shortText.optional(),
  status: shortText.optional(),
  error: z.unknown().optional(),
});

/** A parsed create body. */
export type CreateRecurringRunBody = z.output<typeof createRecurringRunBody>;

/** KFP's range for max_concurrency. */
export const MAX_CONCURRENCY_RANGE = { min: 1, max: 10 } as const;

/** max_concurrency of a body: 1 when absent; outside 1..10 is bad input. */
export function maxConcurrencyOf(body: CreateRecurringRunBody): number {
  const value = body.max_concurrency ?? 1;
  const { min, max } = MAX_CONCURRENCY_RANGE;
  if (value < min || value > max) {
    throw badRequest(
      'max_concurrency',
      `is ${value}; it must be between ${min} and ${max}`,
      `Set max_concurrency to an integer from ${min} to ${max}.`,
    );
  }
  return value;
}

/**
 * The trigger of a body: exactly one of cron_schedule and periodic_schedule, a cron expression
 * that parses and can fire, interval_second ≥ 1, RFC 3339 times (UTC when no offset is given) with
 * the end after the start. Anything else is SKIFF_API_BAD_REQUEST naming the field.
 */
export function triggerOf(body: CreateRecurringRunBody, nowMs: number): RecurringTrigger {
  const { cron_schedule: cron, periodic_schedule: periodic } = body.trigger;
  if ((cron === undefined) === (periodic === undefined)) {
    throw badRequest(
      'trigger',
      cron === undefined
        ? 'has neither cron_schedule nor periodic_schedule'
        : 'has both cron_schedule and periodic_schedule',
      'Give exactly one: trigger.cron_schedule {cron: "0 0 * * * *"} or trigger.periodic_schedule {interval_second: "3600"}.',
    );
  }
  const where = cron !== undefined ? 'trigger.cron_schedule' : 'trigger.periodic_schedule';
  const schedule = (cron ?? periodic)!;
  const startAtMs = timeOf(schedule.start_time, `${where}.start_time`);
  const endAtMs = timeOf(schedule.end_time, `${where}.end_time`);
  if (startAtMs !== null && endAtMs !== null && endAtMs <= startAtMs) {
    throw badRequest(
      `${where}.end_time`,
      `(${schedule.end_time}) is not after start_time (${schedule.start_time})`,
      'Set end_time after start_time, or leave it out.',
    );
  }
  if (periodic !== undefined) {
    if (periodic.interval_second > MAX_INTERVAL_SECONDS) {
      throw badRequest(
        `${where}.interval_second`,
        `is ${periodic.interval_second}; it must be at most ${MAX_INTERVAL_SECONDS} (100 years)`,
        'Set interval_second to the seconds between runs, or use a cron schedule for rare runs.',
      );
    }
    if (periodic.interval_second < 1) {
      throw badRequest(
        `${where}.interval_second`,
        `is ${periodic.interval_second}; it must be at least 1`,
        'Set interval_second to the seconds between runs (1 or more).',
      );
    }
    return { kind: 'periodic', intervalSeconds: periodic.interval_second, startAtMs, endAtMs };
  }
  const expression = cron!.cron.trim();
  try {
    compileCron(expression);
  } catch (error) {
    throw badRequest(
      `${where}.cron`,
      `"${expression}" is not a cron expression: ${error instanceof Error ? error.message : String(error)}`,
      'Write 6 fields with seconds as KFP does ("0 0 * * * *" = hourly), or 5 fields ("0 * * * *").',
      error,
    );
  }
  const trigger: RecurringTrigger = { kind: 'cron', cron: expression, startAtMs, endAtMs };
  if (nextTriggerTime({ ...trigger, startAtMs: null, endAtMs: null }, nowMs, nowMs) === undefined) {
    throw badRequest(
      `${where}.cron`,
      `"${expression}" never matches a future time`,
      'Check the day and month fields (e.g. February 30 never occurs).',
    );
  }
  return trigger;
}

/** An RFC 3339 time as epoch ms; null when absent or empty. Without an offset it is read as UTC. */
function timeOf(text: string | undefined, location: string): number | null {
  if (text === undefined || text.trim() === '') return null;
  const trimmed = text.trim();
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(trimmed) ? Date.parse(zoned.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw badRequest(
      location,
      `"${text}" is not an RFC 3339 time`,
      'Write a time like 2026-01-31T08:00:00Z.',
    );
  }
  return ms;
}

function badRequest(location: string, problem: string, fix: string, cause?: unknown): SkiffError {
  return new SkiffError('SKIFF_API_BAD_REQUEST', `recurring run ${location} ${problem}`, {
    location,
    fix,
    ...(cause !== undefined ? { cause } : {}),
  });
}
