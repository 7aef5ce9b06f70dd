const DAY_MS = 86_400_000;
/** Past this (year 10000) toISOString switches to six-digit years; such times take the slow path. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_800_000;

let cachedDay = Number.NaN;
let cachedPrefix = '';

/**
 * `new Date(ms).toISOString()`, several times faster for times on the same day as the previous
 * call (a run's tasks and attempts nearly always are): the date part is cached, the time of day is
 * plain arithmetic. A run with 100 tasks answers ~400 of these per request.
 */
export function isoTime(ms: number): string {
  if (!(ms >= 0 && ms < LAST_FOUR_DIGIT_YEAR_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${cachedPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
