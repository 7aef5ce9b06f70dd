import { Cron } from 'croner';
import type { KfpRecurringRun } from '../../api/recurring-api';

/**
 * The next `count` times (epoch ms) a recurring run fires, as the server's scheduler computes them
 * (src/server/scheduler/trigger-times.ts): cron in UTC, 6 fields with seconds or 5 without; an
 * interval counted from its start time, or from the recurring run's creation; only after the last
 * scheduled time and now, never past the end. Empty when disabled, ended or unreadable.
 */
export function nextFireTimes(rr: KfpRecurringRun, nowMs: number, count = 5): number[] {
  if (rr.status !== undefined && rr.status !== 'ENABLED') return [];
  const createdMs = Date.parse(rr.created_at ?? '');
  const lastMs = rr.skiff_last_scheduled_at ? Date.parse(rr.skiff_last_scheduled_at) : Number.NaN;
  const origin = Number.isFinite(lastMs) ? lastMs : createdMs;
  if (!Number.isFinite(origin)) return [];
  const after = Math.max(origin, nowMs);
  const cron = rr.trigger?.cron_schedule;
  const periodic = rr.trigger?.periodic_schedule;
  const bounds = cron ?? periodic ?? {};
  const startMs = bounds.start_time ? Date.parse(bounds.start_time) : Number.NEGATIVE_INFINITY;
  const endMs = bounds.end_time ? Date.parse(bounds.end_time) : Number.POSITIVE_INFINITY;
  const lower = Math.max(after, Number.isNaN(startMs) ? Number.NEGATIVE_INFINITY : startMs);
  const upper = Number.isNaN(endMs) ? Number.POSITIVE_INFINITY : endMs;
  const times: number[] = [];
  if (cron?.cron) {
    let schedule: Cron;
    try {
      schedule = new Cron(cron.cron.trim(), { paused: true, timezone: 'UTC', mode: '5-or-6-parts' });
    } catch {
      return [];
    }
    let cursor: Date | null = new Date(lower);
    while (times.length < count) {
      cursor = schedule.nextRun(cursor);
      if (cursor === null || cursor.getTime() > upper) break;
      times.push(cursor.getTime());
    }
    return times;
  }
  const intervalMs = Number(periodic?.interval_second) * 1000;
  if (!(intervalMs > 0)) return [];
  const anchor = bounds.start_time && Number.isFinite(startMs) ? startMs : createdMs;
  if (!Number.isFinite(anchor)) return [];
  let k = lower < anchor ? 1 : Math.max(1, Math.floor((lower - anchor) / intervalMs) + 1);
  while (times.length < count) {
    const time = anchor + k * intervalMs;
    if (time > upper) break;
    times.push(time);
    k++;
  }
  return times;
}
