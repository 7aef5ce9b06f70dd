import { type EngineEvent, executeRun, type Logger } from '../engine/index.js';
import { isSkiffError } from '../errors/index.js';
import type { PipelineSpec } from '../ir/index.js';
import { FINAL_RUN_STATES } from '../metadata/index.js';
import type { Services } from '../services.js';
import { type HeldRunLease, isHeld, tryHoldRunLease } from './run-lease.js';

/** How long a run stopped by a full metadata store waits before the worker tries it again, in ms. */
export const FULL_STORE_RETRY_MS = 10_000;

/** What the worker needs: the services (metadata, engine dependencies) and its limits. */
export interface RunWorkerOptions {
  readonly services: Services;
  readonly log: Logger;
  /** Most runs executing at once (`server.maxConcurrentRuns`); the rest wait in FIFO order. */
  readonly maxConcurrentRuns: number;
  /** Loads a stored spec (the server's spec pool reads large ones off the event loop). */
  readonly loadSpec: (text: string, source: string) => Promise<PipelineSpec>;
  /** Told every change of the runs it executes, and the run ends it records itself. */
  readonly onEvent?: (event: EngineEvent) => void;
  /** Who executes the runs, for the run leases: `skiff server on HOST pid N, URL`. */
  readonly holder?: string;
  /** Run lease time (tests shorten it); default RUN_LEASE_TTL_MS. */
  readonly runLeaseTtlMs?: number;
}

/** What `terminate` did: stopped a run held here, or found it held by no process, or by another. */
export type TerminateOutcome = 'stopped' | 'free' | 'elsewhere';

/**
 * The server's run queue. Runs are stored PENDING before they are queued, so the queue itself
 * holds nothing that a restart could lose: at start `resumeUnfinished` queues every PENDING,
 * RUNNING or CANCELING run again (finished tasks are never re-run). `terminate` aborts a running
 * run (its processes are terminated, it ends CANCELED) or cancels a queued one.
 */
export class RunWorker {
  readonly #options: RunWorkerOptions;
  readonly #queue: string[] = [];
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Runs stopped by a full metadata store, each waiting to be queued again. */
  readonly #waiting = new Map<string, NodeJS.Timeout>();
  /** Unfinished runs another process executes, each asked for again once its lease may have expired. */
  readonly #elsewhere = new Map<string, NodeJS.Timeout>();
  /** Runs whose other executor was logged once already. */
  readonly #toldElsewhere = new Set<string>();
  /** The leases of the runs executing here. */
  readonly #leases = new Map<string, HeldRunLease>();
  #closing = false;
  #sweep: NodeJS.Timeout | undefined;

  constructor(options: RunWorkerOptions) {
    this.#options = options;
  }

  /** Queue a stored run; it starts when a slot is free. */
  enqueue(runId: string): void {
    if (this.#closing || this.has(runId)) return;
    clearTimeout(this.#elsewhere.get(runId));
    this.#elsewhere.delete(runId);
    this.#queue.push(runId);
    this.#pump();
  }

  /** Queue every unfinished run of the store, oldest first; resolves to how many were queued. */
  async resumeUnfinished(): Promise<number> {
    const runs = await this.#options.services.metadata.runs.listUnfinished();
    for (const run of runs) this.enqueue(run.id);
    return runs.length;
  }

  /**
   * Look for unfinished runs every `intervalMs` from now on: a `skiff run` killed while this server
   * runs leaves its run RUNNING, and once the run's lease has expired the worker takes it over.
   * Runs whose lease a live process holds are only looked at.
   */
  sweepEvery(intervalMs: number): void {
    clearInterval(this.#sweep);
    this.#sweep = setInterval(() => {
      if (this.#closing) return;
      this.resumeUnfinished().catch((err: unknown) =>
        this.#options.log.warn({ err }, 'could not look for unfinished runs; trying again later'),
      );
    }, intervalMs);
    this.#sweep.unref();
  }

  /** True while the run waits or executes here. */
  has(runId: string): boolean {
    return this.#running.has(runId) || this.#queue.includes(runId) || this.#waiting.has(runId);
  }

  /**
   * Stop a run: abort it when executing (resolves when it has ended), or mark it CANCELED when it
   * only waits ('stopped'). For a run the worker does not hold: 'elsewhere' when another process
   * holds its lease (it is executing it), 'free' when none does.
   */
  async terminate(runId: string): Promise<TerminateOutcome> {
    if (await this.#stop(runId)) return 'stopped';
    const { serverLeases } = this.#options.services.metadata;
    const lease = await tryHoldRunLease({
      store: serverLeases,
      runId,
      holder: this.#holder(),
      log: this.#options.log,
    });
    if (!isHeld(lease)) return 'elsewhere';
    await lease.close();
    return 'free';
  }

  async #stop(runId: string): Promise<boolean> {
    const queued = this.#queue.indexOf(runId);
    const waiting = this.#waiting.get(runId);
    if (queued >= 0 || waiting !== undefined) {
      if (queued >= 0) this.#queue.splice(queued, 1);
      clearTimeout(waiting);
      this.#waiting.delete(runId);
      const patch = {
        state: 'CANCELED',
        finishedAtMs: Date.now(),
        error: 'terminated before it started',
      } as const;
      await this.#options.services.metadata.runs.update(runId, patch);
      this.#options.onEvent?.({ type: 'run', runId, ...patch });
      return true;
    }
    const running = this.#running.get(runId);
    if (!running) return false;
    running.controller.abort(new Error('terminated through the API'));
    await running.done;
    return true;
  }

  /**
   * Stop taking runs. Runs still executing after `graceMs` are left as they are in the store
   * (RUNNING): the next server start resumes them, terminating what their attempts left behind.
   */
  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    clearInterval(this.#sweep);
    this.#queue.length = 0;
    for (const timer of this.#waiting.values()) clearTimeout(timer);
    this.#waiting.clear();
    for (const timer of this.#elsewhere.values()) clearTimeout(timer);
    this.#elsewhere.clear();
    const all = Promise.all([...this.#running.values()].map((run) => run.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    // Runs left executing are the next server's to resume at once: their leases go with this one.
    await Promise.all([...this.#leases.values()].map((lease) => lease.close()));
    this.#leases.clear();
  }

  #pump(): void {
    while (!this.#closing && this.#running.size < this.#options.maxConcurrentRuns && this.#queue.length > 0) {
      const runId = this.#queue.shift()!;
      const controller = new AbortController();
      const done = this.#execute(runId, controller.signal).finally(() => {
        this.#running.delete(runId);
        this.#pump();
      });
      this.#running.set(runId, { controller, done });
    }
  }

  async #execute(runId: string, signal: AbortSignal): Promise<void> {
    const { services, log } = this.#options;
    let lease: HeldRunLease | undefined;
    try {
      const run = await services.metadata.runs.get(runId);
      if (!run || FINAL_RUN_STATES.has(run.state)) return;
      const taken = await tryHoldRunLease({
        store: services.metadata.serverLeases,
        runId,
        holder: this.#holder(),
        log,
        ...(this.#options.runLeaseTtlMs === undefined ? {} : { ttlMs: this.#options.runLeaseTtlMs }),
      });
      if (!isHeld(taken)) {
        // `skiff run` (or resume, retry) executes it: left alone until its lease expires.
        const first = !this.#toldElsewhere.has(runId);
        this.#toldElsewhere.add(runId);
        log[first ? 'info' : 'debug'](
          { runId, holder: taken.holder },
          'run executed by another process; not resumed here',
        );
        this.#askAgain(runId, taken.expiresAtMs);
        return;
      }
      lease = taken;
      this.#leases.set(runId, taken);
      this.#toldElsewhere.delete(runId);
      const spec = await this.#options.loadSpec(run.specText, `run ${runId}`);
      await executeRun(services.engineDeps(this.#options.onEvent), { run, spec, signal });
    } catch (error) {
      if (isSkiffError(error) && error.code === 'SKIFF_DISK_FULL') {
        // Nothing is lost: the run stays unfinished in the store and runs on from where it stopped
        // once the disk has room (at the latest, the next server start resumes it).
        log.warn(
          { runId, err: error },
          `metadata store full; run left unfinished, trying again in ${FULL_STORE_RETRY_MS / 1000}s`,
        );
        this.#retryLater(runId);
        return;
      }
      // A run that cannot execute at all (its stored spec no longer loads, the store failed) ends FAILED.
      log.error({ runId, err: error }, 'run could not be executed');
      const message = isSkiffError(error) ? `${error.code}: ${error.message}` : String(error);
      const patch = { state: 'FAILED', finishedAtMs: Date.now(), error: message } as const;
      await services.metadata.runs
        .update(runId, patch)
        .then(() => this.#options.onEvent?.({ type: 'run', runId, ...patch }))
        .catch((err: unknown) => log.error({ runId, err }, 'could not record the run as FAILED'));
    } finally {
      this.#leases.delete(runId);
      await lease?.close();
    }
  }

  /** Queue a run held elsewhere again just after its lease would expire (if it is not renewed). */
  #askAgain(runId: string, expiresAtMs: number): void {
    if (this.#closing) return;
    const timer = setTimeout(
      () => {
        this.#elsewhere.delete(runId);
        this.enqueue(runId);
      },
      Math.max(100, expiresAtMs - Date.now() + 500),
    );
    timer.unref();
    this.#elsewhere.set(runId, timer);
  }

  #holder(): string {
    return this.#options.holder ?? `skiff server pid ${process.pid}`;
  }

  #retryLater(runId: string): void {
    if (this.#closing) return;
    const timer = setTimeout(() => {
      this.#waiting.delete(runId);
      this.enqueue(runId);
    }, FULL_STORE_RETRY_MS);
    timer.unref();
    this.#waiting.set(runId, timer);
  }
}
