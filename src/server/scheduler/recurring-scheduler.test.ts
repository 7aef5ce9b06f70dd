import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../engine/index.js';
import { SkiffError } from '../../errors/index.js';
import {
  type MetadataStore,
  openSqliteMetadataStore,
  type RecurringRunRecord,
  type RunState,
} from '../../metadata/index.js';
import { makeRecurringRun, makeRun, T0 } from '../../metadata/testing.js';
import { RecurringScheduler, type TriggerRun } from './recurring-scheduler.js';
import { triggeredRunName } from './run-name.js';
import type { SchedulerClock } from './scheduler-clock.js';

const MINUTE = 60_000;

/** A clock whose time moves only when the test says so; timers fire in time order. */
class ManualClock implements SchedulerClock {
  now: number;
  readonly timers: { atMs: number; delayMs: number; fire: () => void; live: boolean }[] = [];
  constructor(now: number) {
    this.now = now;
  }
  nowMs(): number {
    return this.now;
  }
  setTimer(fire: () => void, delayMs: number) {
    const timer = { atMs: this.now + delayMs, delayMs, fire, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }
  pending() {
    return this.timers.filter((timer) => timer.live);
  }
  /** Move to `untilMs`, firing each due timer at its time and letting its pass finish. */
  async advanceTo(untilMs: number, scheduler: RecurringScheduler): Promise<void> {
    for (;;) {
      const next = this.pending().sort((a, b) => a.atMs - b.atMs)[0];
      if (next === undefined || next.atMs > untilMs) break;
      this.now = next.atMs;
      next.live = false;
      next.fire();
      await scheduler.whenIdle();
    }
    this.now = untilMs;
  }
}

/** Log lines kept for assertions. */
function memoryLog(): Logger & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, msg: msg ?? '', obj });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('RecurringScheduler', () => {
  let store: MetadataStore;
  let clock: ManualClock;
  let log: ReturnType<typeof memoryLog>;
  let scheduler: RecurringScheduler | undefined;
  let runCount = 0;
  /** Each trigger stores a run in this state (SUCCEEDED unless a test changes it). */
  let triggeredState: RunState = 'SUCCEEDED';
  const storeRun: TriggerRun = async (rr, _at, runName) => {
    await store.runs.create(
      makeRun({
        id: `run-${++runCount}`,
        recurringRunId: rr.id,
        displayName: runName,
        state: triggeredState,
      }),
    );
  };
  const start = async (options: { triggerRun?: TriggerRun; maxCatchUp?: number } = {}) => {
    scheduler = new RecurringScheduler({
      store: store.recurringRuns,
      triggerRun: options.triggerRun ?? storeRun,
      clock,
      log,
      ...(options.maxCatchUp !== undefined ? { maxCatchUp: options.maxCatchUp } : {}),
    });
    await scheduler.start();
    return scheduler;
  };
  const names = async (id = 'rr-1') =>
    (await store.runs.list())
      .filter((run) => run.recurringRunId === id)
      .map((run) => run.displayName)
      .sort();
  const nameAt = (ms: number, displayName = 'nightly') => triggeredRunName(displayName, ms);
  const add = (overrides: Partial<RecurringRunRecord> = {}) =>
    store.recurringRuns.create(makeRecurringRun(overrides));

  beforeEach(async () => {
    store = await openSqliteMetadataStore('sqlite::memory:');
    clock = new ManualClock(T0);
    log = memoryLog();
    runCount = 0;
    triggeredState = 'SUCCEEDED';
  });
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
    await store.close();
  });

  it('fires a periodic trigger at creation + k × interval and records each time handled', async () => {
    await add();
    const s = await start();
    expect(await names()).toEqual([]);
    expect(clock.pending().map((t) => t.delayMs)).toEqual([MINUTE]);
    await clock.advanceTo(T0 + 3 * MINUTE + 10, s);
    expect(await names()).toEqual([nameAt(T0 + MINUTE), nameAt(T0 + 2 * MINUTE), nameAt(T0 + 3 * MINUTE)]);
    expect((await store.recurringRuns.get('rr-1'))?.lastScheduledAtMs).toBe(T0 + 3 * MINUTE);
  });

  it('catches up triggers missed while down, oldest first, at most maxCatchUp (the latest), logging the rest', async () => {
    await add({ lastScheduledAtMs: T0 });
    clock.now = T0 + 10 * MINUTE + 5;
    const order: number[] = [];
    await start({
      maxCatchUp: 4,
      triggerRun: async (rr, at, name) => {
        order.push(at);
        await storeRun(rr, at, name);
      },
    });
    expect(order).toEqual([7, 8, 9, 10].map((k) => T0 + k * MINUTE));
    expect(log.lines.some((l) => l.level === 'warn' && /missed more than 4 triggers/.test(l.msg))).toBe(true);
    expect((await store.recurringRuns.get('rr-1'))?.lastScheduledAtMs).toBe(T0 + 10 * MINUTE);
  });

  it('with no_catchup runs only the latest missed trigger', async () => {
    await add({ lastScheduledAtMs: T0, noCatchup: true });
    clock.now = T0 + 10 * MINUTE + 5;
    const s = await start();
    expect(await names()).toEqual([nameAt(T0 + 10 * MINUTE)]);
    await clock.advanceTo(T0 + 11 * MINUTE, s);
    expect(await names()).toEqual([nameAt(T0 + 10 * MINUTE), nameAt(T0 + 11 * MINUTE)]);
  });

  it('skips a trigger while max_concurrency runs are unfinished, logs it, and fires again once one ends', async () => {
    await add({ maxConcurrency: 2 });
    triggeredState = 'RUNNING';
    const s = await start();
    await clock.advanceTo(T0 + 3 * MINUTE, s);
    expect(await names()).toEqual([nameAt(T0 + MINUTE), nameAt(T0 + 2 * MINUTE)]);
    const skipped = log.lines.filter((l) => /max_concurrency/.test(l.msg));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.obj).toMatchObject({ recurringRunId: 'rr-1', unfinished: 2, maxConcurrency: 2 });
    await store.runs.update('run-1', { state: 'FAILED' });
    await clock.advanceTo(T0 + 4 * MINUTE, s);
    expect(await names()).toHaveLength(3);
    expect((await store.recurringRuns.get('rr-1'))?.lastScheduledAtMs).toBe(T0 + 4 * MINUTE);
  });

  it('does not repeat a trigger whose run exists though its time was not recorded (a stop in between)', async () => {
    await add({ lastScheduledAtMs: T0 });
    await store.runs.create(
      makeRun({
        id: 'earlier',
        recurringRunId: 'rr-1',
        displayName: nameAt(T0 + MINUTE),
        state: 'SUCCEEDED',
      }),
    );
    clock.now = T0 + 2 * MINUTE;
    await start();
    expect(await names()).toEqual([nameAt(T0 + MINUTE), nameAt(T0 + 2 * MINUTE)]);
    expect(runCount).toBe(1);
  });

  it('fires nothing for a disabled recurring run, nor after a change disables or deletes one', async () => {
    await add({ status: 'DISABLED' });
    await add({ id: 'rr-2', displayName: 'other' });
    const s = await start();
    await clock.advanceTo(T0 + MINUTE, s);
    expect(await names('rr-1')).toEqual([]);
    expect(await names('rr-2')).toEqual([nameAt(T0 + MINUTE, 'other')]);
    await s.change(() => store.recurringRuns.update('rr-2', { status: 'DISABLED' }));
    await clock.advanceTo(T0 + 5 * MINUTE, s);
    expect(await names('rr-2')).toHaveLength(1);
    expect(clock.pending()).toEqual([]);
  });

  it('plans a recurring run created through change() without waiting for the old timer', async () => {
    const s = await start();
    expect(clock.pending()).toEqual([]);
    clock.now = T0 + 30_000;
    await s.change(() => store.recurringRuns.create(makeRecurringRun({ createdAtMs: clock.now })));
    expect(clock.pending().map((t) => t.atMs)).toEqual([T0 + 90_000]);
    await clock.advanceTo(T0 + 90_000, s);
    expect(await names()).toEqual([nameAt(T0 + 90_000)]);
  });

  it('records a trigger refused as bad input on the recurring run, goes on, and clears it on the next success', async () => {
    await add();
    let refuse = true;
    const s = await start({
      triggerRun: async (rr, at, name) => {
        if (refuse)
          throw new SkiffError('SKIFF_STORAGE_NO_PROVIDER', 'pipelineRoot "minio://b" has no provider');
        await storeRun(rr, at, name);
      },
    });
    await clock.advanceTo(T0 + MINUTE, s);
    const failed = await store.recurringRuns.get('rr-1');
    expect(failed?.error).toMatch(/SKIFF_STORAGE_NO_PROVIDER: pipelineRoot "minio:\/\/b" has no provider/);
    expect(failed?.lastScheduledAtMs).toBe(T0 + MINUTE);
    refuse = false;
    await clock.advanceTo(T0 + 2 * MINUTE, s);
    expect(await store.recurringRuns.get('rr-1')).toMatchObject({
      error: null,
      lastScheduledAtMs: T0 + 2 * MINUTE,
    });
    expect(await names()).toEqual([nameAt(T0 + 2 * MINUTE)]);
  });

  it('leaves a trigger that failed otherwise unhandled and retries it shortly', async () => {
    await add();
    let failures = 1;
    const s = await start({
      triggerRun: async (rr, at, name) => {
        if (failures-- > 0) throw new Error('database is locked');
        await storeRun(rr, at, name);
      },
    });
    await clock.advanceTo(T0 + MINUTE, s);
    expect((await store.recurringRuns.get('rr-1'))?.lastScheduledAtMs).toBeNull();
    expect(log.lines.some((l) => l.level === 'error' && /retrying in 5000 ms/.test(l.msg))).toBe(true);
    await clock.advanceTo(T0 + MINUTE + 5000, s);
    expect(await names()).toEqual([nameAt(T0 + MINUTE)]);
  });

  it('honours start_time and end_time, and sleeps at most a minute between passes', async () => {
    await add({
      trigger: { kind: 'cron', cron: '0 0 * * * *', startAtMs: T0 + 3_600_000, endAtMs: T0 + 3 * 3_600_000 },
    });
    const s = await start();
    expect(clock.pending().map((t) => t.delayMs)).toEqual([MINUTE]);
    await clock.advanceTo(T0 + 6 * 3_600_000, s);
    const hours = (await names()).length;
    expect(hours).toBe(2);
    expect(clock.pending()).toEqual([]);
  });

  it('stops firing once closed', async () => {
    await add();
    const s = await start();
    await s.close();
    expect(clock.pending()).toEqual([]);
    await clock.advanceTo(T0 + 5 * MINUTE, s);
    expect(await names()).toEqual([]);
  });
});
