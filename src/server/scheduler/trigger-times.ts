import { Cron } from 'croner';
import type { RecurringTrigger } from '../../metadata/index.js';

/** Trigger times due in a window, oldest first, and whether older due ones were left out. */
export interface DueTimes {
  /** Epoch ms, ascending: the latest `limit` due times. */
  readonly times: readonly number[];
  /** True when more times were due than `limit` (the oldest were left out). */
  readonly dropped: boolean;
}

/**
 * A cron schedule evaluated in UTC: 6 fields with seconds (KFP's form, `0 0 * * * *`) or 5
 * without, and nicknames such as `@hourly`. Throws croner's error when the pattern is invalid.
 */
export function compileCron(expression: string): Cron {
  return new Cron(expression.trim(), { paused: true, timezone: 'UTC', mode: '5-or-6-parts' });
}

/**
 * The window a trigger allows after `afterMs` and up to `untilMs`: triggers fall strictly after the
 * start (and after `afterMs`) and no later than the end.
 */
function bounds(
  trigger: RecurringTrigger,
  afterMs: number,
  untilMs: number,
): { lower: number; upper: number } {
  return {
    lower: Math.max(afterMs, trigger.startAtMs ?? Number.NEGATIVE_INFINITY),
    upper: Math.min(untilMs, trigger.endAtMs ?? Number.POSITIVE_INFINITY),
  };
}

/**
 * The first trigger time strictly after `afterMs`, or undefined when the schedule has ended.
 * `originMs` anchors a periodic trigger without a start time (the recurring run's creation).
 */
export function nextTriggerTime(
  trigger: RecurringTrigger,
  originMs: number,
  afterMs: number,
): number | undefined {
  const { lower, upper } = bounds(trigger, afterMs, Number.POSITIVE_INFINITY);
  let next: number | undefined;
  if (trigger.kind === 'periodic') {
    const origin = trigger.startAtMs ?? originMs;
    const intervalMs = trigger.intervalSeconds * 1000;
    next = origin + firstStep(origin, intervalMs, lower) * intervalMs;
  } else {
    next = compileCron(trigger.cron).nextRun(new Date(lower))?.getTime();
  }
  return next !== undefined && next <= upper ? next : undefined;
}

/**
 * Trigger times in (`afterMs`, `untilMs`], oldest first, keeping only the latest `limit` (≥ 1).
 * Cheap when nothing or little is due, however long ago `afterMs` is.
 */
export function dueTriggerTimes(
  trigger: RecurringTrigger,
  originMs: number,
  afterMs: number,
  untilMs: number,
  limit: number,
): DueTimes {
  const { lower, upper } = bounds(trigger, afterMs, untilMs);
  if (upper <= lower) return { times: [], dropped: false };
  if (trigger.kind === 'periodic') {
    const origin = trigger.startAtMs ?? originMs;
    const intervalMs = trigger.intervalSeconds * 1000;
    const first = firstStep(origin, intervalMs, lower);
    const last = Math.floor((upper - origin) / intervalMs);
    if (last < first) return { times: [], dropped: false };
    const from = Math.max(first, last - limit + 1);
    const times: number[] = [];
    for (let k = from; k <= last; k++) times.push(origin + k * intervalMs);
    return { times, dropped: from > first };
  }
  const cron = compileCron(trigger.cron);
  const times: number[] = [];
  let cursor: Date | null = new Date(lower);
  while (times.length <= limit) {
    cursor = cron.nextRun(cursor);
    if (cursor === null || cursor.getTime() > upper) return { times, dropped: false };
    times.push(cursor.getTime());
  }
  // More than `limit` are due: take the latest ones, counting back from the end of the window.
  const latest = cron
    .previousRuns(limit, new Date(upper + 1))
    .map((date) => date.getTime())
    .filter((time) => time > lower && time <= upper);
  return { times: latest.reverse(), dropped: true };
}

/** The smallest k ≥ 1 with origin + k × interval strictly after `afterMs`. */
function firstStep(originMs: number, intervalMs: number, afterMs: number): number {
  if (afterMs < originMs) return 1;
  return Math.max(1, Math.floor((afterMs - originMs) / intervalMs) + 1);
}
