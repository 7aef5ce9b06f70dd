import type { KfpRecurringRun } from '../../api/recurring-api';
import { formatDuration } from '../../format/time';

/** A trigger as a person reads it: `cron 0 0 * * * * (UTC)` or `every 1 h 00 min`. */
export function triggerText(rr: KfpRecurringRun): string {
  const cron = rr.trigger?.cron_schedule;
  if (cron?.cron) return `cron ${cron.cron} (UTC)`;
  const seconds = Number(rr.trigger?.periodic_schedule?.interval_second);
  if (Number.isFinite(seconds) && seconds > 0) return `every ${formatDuration(seconds * 1000)}`;
  return '–';
}

/** True when the recurring run is enabled (KFP's `status`, or `mode` when status is absent). */
export const isEnabled = (rr: KfpRecurringRun): boolean =>
  rr.status !== undefined ? rr.status === 'ENABLED' : rr.mode === 'ENABLE';
