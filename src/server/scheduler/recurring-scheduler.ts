import type { Logger } from '../../engine/index.js';
import { ERROR_CODES, isSkiffError } from '../../errors/index.js';
import type { RecurringRunRecord, RecurringRunStore, RunState } from '../../metadata/index.js';
import { triggeredRunName } from './run-name.js';
import type { SchedulerClock, SchedulerTimer } from './scheduler-clock.js';
import { dueTriggerTimes, nextTriggerTime } from './trigger-times.js';

/** Creates the run of one trigger (in the server: `submitRun` with the recurring run's spec). */
export type TriggerRun = (
  recurringRun: RecurringRunRecord,
  scheduledAtMs: number,
  runName: string,
) => Promise<void>;

/** What the scheduler needs. */
export interface RecurringSchedulerOptions {
  readonly store: RecurringRunStore;
  readonly triggerRun: TriggerRun;
  readonly clock: SchedulerClock;
  readonly log: Logger;
  /** Most missed triggers run after downtime, per recurring run (the latest ones); default 100. */
  readonly maxCatchUp?: number;
  /** Longest sleep between passes, so a changed wall clock is noticed; default 60 000 ms. */
  readonly maxSleepMs?: number;
}

/** How long to wait before retrying after the store failed. */
const RETRY_MS = 5000;

/** States in which a run counts against its recurring run's max_concurrency. */
const UNFINISHED: readonly RunState[] = ['PENDING', 'RUNNING', 'CANCELING'];

/**
 * Fires the triggers of enabled recurring runs. A pass handles, for each, the trigger times due
 * since its `lastScheduledAtMs` (all of them up to `maxCatchUp`, or with no_catchup only the latest),
 * creating one run each unless max_concurrency runs are unfinished (then the trigger is skipped and
 * logged), and records each handled time; then it sleeps until the next trigger. Changes made through
 * `change` never interleave with a pass, so a disabled or deleted recurring run makes no further run.
 */
export class RecurringScheduler {
  readonly #options: RecurringSchedulerOptions;
  readonly #maxCatchUp: number;
  readonly #maxSleepMs: number;
  /** Recurring runs whose latest handled time is known to match the runs in the store. */
  readonly #verified = new Set<string>();
  /** Recurring runs whose error this scheduler recorded and has not cleared yet. */
  readonly #failing = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #timer: SchedulerTimer | undefined;
  #started = false;
  #closed = false;

  constructor(options: RecurringSchedulerOptions) {
    this.#options = options;
    this.#maxCatchUp = Math.max(1, options.maxCatchUp ?? 100);
    this.#maxSleepMs = options.maxSleepMs ?? 60_000;
  }

  /** Run the first pass (catching up what was missed while the server was down), then keep going. */
  async start(): Promise<void> {
    this.#started = true;
    await this.#exclusive(() => this.#pass());
  }

  /** Apply a change to recurring runs (create, enable, disable, delete) between passes, then re-plan. */
  async change<T>(apply: () => Promise<T>): Promise<T> {
    const result = await this.#exclusive(apply);
    if (this.#started && !this.#closed) await this.#exclusive(() => this.#pass());
    return result;
  }

  /** Resolves once no pass or change is in progress (e.g. after a timer fired a pass). */
  async whenIdle(): Promise<void> {
    await this.#chain;
  }

  /** Stop: no pass starts after this; resolves when the current one has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#chain;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(work);
    this.#chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Handle every due trigger, then set the timer for the earliest next one. */
  async #pass(): Promise<void> {
    if (this.#closed) return;
    const { store, clock, log } = this.#options;
    let nextMs = Number.POSITIVE_INFINITY;
    // A failing store (or a bug) must not stop scheduling for good: try again after a short sleep.
    const retryLater = (error: unknown, recurringRunId?: string) => {
      log.error(
        { err: error, recurringRunId },
        `recurring runs: scheduling failed; retrying in ${RETRY_MS} ms`,
      );
      nextMs = Math.min(nextMs, clock.nowMs() + RETRY_MS);
    };
    let enabled: RecurringRunRecord[] = [];
    try {
      enabled = await store.list({ status: 'ENABLED' });
    } catch (error) {
      retryLater(error);
    }
    for (const recurringRun of enabled) {
      if (this.#closed) return;
      try {
        const handledMs = await this.#handle(recurringRun, clock.nowMs());
        const next = nextTriggerTime(recurringRun.trigger, recurringRun.createdAtMs, handledMs);
        if (next !== undefined) nextMs = Math.min(nextMs, next);
      } catch (error) {
        retryLater(error, recurringRun.id);
      }
    }
    this.#sleepUntil(nextMs);
  }

  /** Set the timer for the next pass; none when nothing is scheduled (a change re-plans). */
  #sleepUntil(nextMs: number): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#closed || nextMs === Number.POSITIVE_INFINITY) return;
    const { clock, log } = this.#options;
    const delayMs = Math.min(Math.max(0, nextMs - clock.nowMs()), this.#maxSleepMs);
    this.#timer = clock.setTimer(() => {
      this.#timer = undefined;
      this.#exclusive(() => this.#pass()).catch((error: unknown) =>
        log.error({ err: error }, 'recurring runs: scheduling pass failed'),
      );
    }, delayMs);
  }

  /** Fire the due triggers of one recurring run; resolves to the latest time handled. */
  async #handle(recurringRun: RecurringRunRecord, nowMs: number): Promise<number> {
    const { store, log } = this.#options;
    const afterMs = recurringRun.lastScheduledAtMs ?? recurringRun.createdAtMs;
    const limit = recurringRun.noCatchup ? 1 : this.#maxCatchUp;
    const due = dueTriggerTimes(recurringRun.trigger, recurringRun.createdAtMs, afterMs, nowMs, limit);
    if (due.dropped) {
      log.warn(
        { recurringRunId: recurringRun.id, noCatchup: recurringRun.noCatchup, running: due.times.length },
        recurringRun.noCatchup
          ? 'recurring run missed triggers; no_catchup: only the latest runs'
          : `recurring run missed more than ${limit} triggers; only the latest ${limit} run`,
      );
    }
    let handledMs = afterMs;
    for (const scheduledAtMs of due.times) {
      if (this.#closed) break;
      try {
        await this.#fire(recurringRun, scheduledAtMs);
        await store.update(recurringRun.id, { lastScheduledAtMs: scheduledAtMs });
      } catch (error) {
        // Not recorded as handled: the next pass retries it, checking first for a run it made.
        this.#verified.delete(recurringRun.id);
        throw error;
      }
      handledMs = scheduledAtMs;
    }
    return handledMs;
  }

  /** Create the run of one trigger, unless it exists already or max_concurrency is reached. */
  async #fire(recurringRun: RecurringRunRecord, scheduledAtMs: number): Promise<void> {
    const { store, log, triggerRun } = this.#options;
    const id = recurringRun.id;
    const runName = triggeredRunName(recurringRun.displayName, scheduledAtMs);
    const scheduledAt = new Date(scheduledAtMs).toISOString();
    if (!this.#verified.has(id)) {
      // A server stopped between creating a run and recording its time: that run counts.
      const made = await store.countRuns(id, { displayName: runName });
      this.#verified.add(id);
      if (made > 0) {
        log.info({ recurringRunId: id, scheduledAt }, 'recurring run trigger already made its run');
        return;
      }
    }
    const unfinished = await store.countRuns(id, { states: UNFINISHED });
    if (unfinished >= recurringRun.maxConcurrency) {
      log.warn(
        { recurringRunId: id, scheduledAt, unfinished, maxConcurrency: recurringRun.maxConcurrency },
        'recurring run trigger skipped: max_concurrency runs are unfinished',
      );
      return;
    }
    try {
      await triggerRun(recurringRun, scheduledAtMs, runName);
    } catch (error) {
      // Other failures propagate: the trigger stays unhandled and the next pass retries it.
      if (!isSkiffError(error) || !ERROR_CODES[error.code].badInput) throw error;
      // Bad input found at trigger time (e.g. the pipeline root lost its provider): recorded on the
      // recurring run for the API, and the schedule goes on.
      log.error(
        { err: error, recurringRunId: id, scheduledAt },
        'recurring run trigger could not create a run',
      );
      await store.update(id, { error: `trigger at ${scheduledAt}: ${error.code}: ${error.message}` });
      this.#failing.add(id);
      return;
    }
    log.info({ recurringRunId: id, scheduledAt, runName }, 'recurring run triggered a run');
    if (this.#failing.delete(id) || recurringRun.error !== null) await store.update(id, { error: null });
  }
}
