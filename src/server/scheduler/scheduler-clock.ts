/** A pending timer; `cancel` is idempotent. */
export interface SchedulerTimer {
  cancel(): void;
}

/** Time and timers for the scheduler, injected so tests can drive time by hand. */
export interface SchedulerClock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  /** Call `callback` once after `delayMs` (≥ 0) milliseconds. */
  setTimer(callback: () => void, delayMs: number): SchedulerTimer;
}

/** The real clock and Node timers; timers are unref'd so they never keep a process alive. */
export const systemSchedulerClock: SchedulerClock = {
  nowMs: () => Date.now(),
  setTimer(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
