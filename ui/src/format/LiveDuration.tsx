import { durationBetween, formatDuration } from './time';
import { useClock } from './use-clock';

/** The time from `start` to `end`; with no end yet (still running) it counts up every second. */
export function LiveDuration({
  start,
  end,
}: {
  readonly start: string | null | undefined;
  readonly end: string | null | undefined;
}) {
  useClock(Boolean(start) && !end);
  return <>{formatDuration(durationBetween(start, end))}</>;
}
