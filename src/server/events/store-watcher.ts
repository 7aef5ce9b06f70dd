import type { Logger } from '../../engine/index.js';
import { FINAL_RUN_STATES, type MetadataStore, type RunStateRecord } from '../../metadata/index.js';
import { eventPayload } from './event-frames.js';
import type { EventHub } from './event-hub.js';
import { publishDeleted } from './runs-list-changes.js';
import { type RunView, runChanged, runChanges, runView } from './store-diff.js';

/** What the watcher reads, where it publishes, and which runs it leaves to the engine. */
export interface StoreWatcherOptions {
  readonly metadata: MetadataStore;
  readonly hub: EventHub;
  /** True for a run this server's worker executes: its engine reports that run's changes itself. */
  readonly isLocal: (runId: string) => boolean;
  /** Time between two looks at the store, in ms. */
  readonly pollMs: number;
  readonly log: Logger;
}

/** Newest runs the runs list compares on each look: a run can start and end between two looks. */
const RECENT_RUNS = 50;
/** Looks are spaced by at least this many times the time the last one took. */
const LOOK_SHARE = 10;
/** A run created this long before the previous look still counts as new (clocks of other writers). */
const CLOCK_SLACK_MS = 5_000;

interface WatchedRun {
  followers: number;
  /** The run as last seen; undefined while it is executed here or not read yet. */
  view: RunView | undefined;
}

/**
 * Live events for runs this server does not execute: a `skiff run` in another process on the same
 * store, or a server before this one. While a client follows such a run (or the runs list), the
 * store is read every `pollMs` and what changed since the previous look is published to the event
 * hub, shaped as the engine reports it. Runs this server's worker executes are left to the engine.
 */
export class StoreWatcher {
  readonly #options: StoreWatcherOptions;
  readonly #runs = new Map<string, WatchedRun>();
  #listFollowers = 0;
  /** The runs list as last seen (unfinished and newest runs), and when it was read. */
  #list: { readonly runs: Map<string, RunStateRecord>; readonly atMs: number } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #failing = false;
  #lastLookMs = 0;

  constructor(options: StoreWatcherOptions) {
    this.#options = options;
  }

  /**
   * Follow run `runId` until the returned function is called. Resolves once the run as it is now
   * has been read, so a snapshot read afterwards misses nothing the next look reports.
   */
  async followRun(runId: string): Promise<() => void> {
    const watched = this.#runs.get(runId) ?? { followers: 0, view: undefined };
    watched.followers++;
    this.#runs.set(runId, watched);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      watched.followers--;
      if (watched.followers === 0 && this.#runs.get(runId) === watched) this.#runs.delete(runId);
    };
    if (watched.view === undefined && !this.#options.isLocal(runId)) {
      const view = await this.#read(runId).catch((error: unknown) => this.#failed(error));
      watched.view ??= view ?? undefined;
    }
    this.#schedule();
    return release;
  }

  /** Follow every run's run-level changes until the returned function is called. */
  async followRuns(): Promise<() => void> {
    this.#listFollowers++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#listFollowers--;
      if (this.#listFollowers === 0) this.#list = undefined;
    };
    if (this.#list === undefined) {
      const atMs = Date.now();
      const runs = await this.#readList().catch((error: unknown) => this.#failed(error));
      if (runs !== undefined && this.#list === undefined && this.#listFollowers > 0)
        this.#list = { runs, atMs };
    }
    this.#schedule();
    return release;
  }

  /** Stop looking (the server is stopping). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined) return;
    if (this.#runs.size === 0 && this.#listFollowers === 0) return;
    // Reading a run of thousands of tasks takes tens of milliseconds of the event loop: looks are
    // spaced so that they take at most a tenth of the time.
    const delayMs = Math.max(this.#options.pollMs, LOOK_SHARE * this.#lastLookMs);
    this.#timer = setTimeout(() => {
      const started = performance.now();
      void this.#look()
        .then(() => (this.#failing = false))
        .catch((error: unknown) => this.#failed(error))
        .finally(() => {
          this.#lastLookMs = performance.now() - started;
          this.#timer = undefined;
          this.#schedule();
        });
    }, delayMs);
    this.#timer.unref();
  }

  async #look(): Promise<void> {
    for (const [runId, watched] of this.#runs) {
      if (this.#closed) return;
      if (this.#options.isLocal(runId)) {
        watched.view = undefined; // read afresh once the worker is done with it
        continue;
      }
      if (watched.view !== undefined && FINAL_RUN_STATES.has(watched.view.run.state)) continue;
      const now = await this.#read(runId);
      if (now === undefined) {
        // Deleted by another process: its streams end, and a reconnect gets 404.
        this.#runs.delete(runId);
        this.#options.hub.closeRun(runId);
        continue;
      }
      const before = watched.view;
      watched.view = now;
      if (before === undefined || this.#options.isLocal(runId)) continue;
      for (const event of runChanges(before, now)) this.#options.hub.publish(event, { runsList: false });
    }
    if (this.#listFollowers > 0 && !this.#closed) await this.#lookAtList();
  }

  async #lookAtList(): Promise<void> {
    const atMs = Date.now();
    const runs = await this.#readList();
    const before = this.#list;
    if (this.#listFollowers === 0) return;
    this.#list = { runs, atMs };
    if (before === undefined) return;
    const { hub, isLocal } = this.#options;
    for (const run of runs.values()) {
      if (isLocal(run.id)) continue;
      const was = before.runs.get(run.id);
      const isNew = was === undefined && run.createdAtMs >= before.atMs - CLOCK_SLACK_MS;
      if (isNew || (was !== undefined && runChanged(was, run))) this.#publishListChange(run);
    }
    // Unfinished before and in neither set now: it finished and left the newest runs, or was deleted.
    const gone = [...before.runs.values()].filter(
      (was) => !runs.has(was.id) && !FINAL_RUN_STATES.has(was.state) && !isLocal(was.id),
    );
    if (gone.length === 0) return;
    const found = new Map(
      (await this.#options.metadata.runs.listStates(gone.map((was) => was.id))).map((run) => [run.id, run]),
    );
    for (const was of gone) {
      const run = found.get(was.id);
      if (run === undefined) publishDeleted(hub, was.id);
      else if (runChanged(was, run)) this.#publishListChange(run);
    }
  }

  #publishListChange(run: RunStateRecord): void {
    const mapped = eventPayload(
      {
        type: 'run',
        runId: run.id,
        state: run.state,
        displayName: run.displayName,
        startedAtMs: run.startedAtMs,
        finishedAtMs: run.finishedAtMs,
        error: run.error,
      },
      this.#options.hub.limits.maxTextChars,
    );
    if (mapped !== undefined) this.#options.hub.publishRunStateRead(run.id, run.state, mapped.payload);
  }

  async #read(runId: string): Promise<RunView | undefined> {
    const { metadata } = this.#options;
    const [run] = await metadata.runs.listStates([runId]);
    if (run === undefined) return undefined;
    const [tasks, attempts] = await Promise.all([
      metadata.tasks.listByRun(runId),
      metadata.attempts.listByRun(runId),
    ]);
    return runView(run, tasks, attempts);
  }

  async #readList(): Promise<Map<string, RunStateRecord>> {
    const runs = await this.#options.metadata.runs.listRecentStates(RECENT_RUNS);
    return new Map(runs.map((run) => [run.id, run]));
  }

  /** Logs a failed look once until one succeeds again (a store that is down fails every second). */
  #failed(error: unknown): undefined {
    if (!this.#failing && !this.#closed) {
      this.#failing = true;
      this.#options.log.warn(
        { err: error },
        'could not read the metadata store for live events of runs executed elsewhere; trying again',
      );
    }
    return undefined;
  }
}
