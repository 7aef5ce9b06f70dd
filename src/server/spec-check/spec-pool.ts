import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../engine/index.js';
import { SkiffError } from '../../errors/index.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import {
  receivedError,
  runSpecJob,
  type SentError,
  type SpecJob,
  type SpecJobMessage,
  type SpecJobResults,
} from './spec-jobs.js';

/** Specs at least this large (bytes of text) are read on the spec worker, smaller ones on the request's thread. */
export const OFF_THREAD_SPEC_BYTES = 256 * 1024;
/** Heap the spec worker may use, in MiB; a spec that needs more is refused (SKIFF_API_TOO_LARGE). */
export const SPEC_WORKER_HEAP_MB = 2048;
/** How long the spec worker stays after its last job, in ms: stopping it gives its heap back. */
export const SPEC_WORKER_IDLE_MS = 5_000;
/** The bundled worker entry (built by `npm run build`). */
export const SPEC_WORKER_PATH = join(PACKAGE_ROOT, 'dist', 'spec-worker.mjs');

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Reads pipeline specs off the event loop: jobs on texts of OFF_THREAD_SPEC_BYTES or more go, one
 * at a time, to one worker thread (started on first use, restarted after it dies), so a large
 * upload does not stop the server answering (health, other requests). Small jobs run in place.
 */
export class SpecPool {
  readonly #workerPath: string;
  readonly #log: Logger;
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #warned = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(log: Logger, workerPath: string = SPEC_WORKER_PATH) {
    this.#log = log;
    this.#workerPath = workerPath;
  }

  /** Runs `job`: on the worker when its text is large (and the worker is built), else here. */
  async run<J extends SpecJob>(job: J): Promise<SpecJobResults[J['kind']]> {
    if (sizeOf(job) < OFF_THREAD_SPEC_BYTES || !this.#workerBuilt()) return runSpecJob(job);
    const worker = this.#start();
    clearTimeout(this.#idleTimer);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, job } satisfies SpecJobMessage);
    });
  }

  /** Stops the worker; jobs still waiting are refused. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
    this.#failAll(new Error('the server stopped while it read a pipeline spec'));
  }

  #workerBuilt(): boolean {
    if (existsSync(this.#workerPath)) return true;
    if (!this.#warned) {
      this.#warned = true;
      this.#log.warn(
        { workerPath: this.#workerPath },
        'the spec worker is not built (npm run build); large pipeline specs are read on the main thread',
      );
    }
    return false;
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(this.#workerPath, {
      resourceLimits: { maxOldGenerationSizeMb: SPEC_WORKER_HEAP_MB },
    });
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: SentError }) => {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(receivedError(message.error));
      else pending?.resolve(message.result);
      if (this.#pending.size === 0) this.#stopWhenIdle(worker);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      this.#worker = undefined;
      this.#failAll(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new SkiffError(
              'SKIFF_API_TOO_LARGE',
              `reading the pipeline spec needed more than ${SPEC_WORKER_HEAP_MB} MiB of memory, the most the server gives one spec`,
              { cause: error },
            )
          : error,
      );
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#failAll(new Error('the spec worker exited while it read a pipeline spec'));
    });
    this.#worker = worker;
    return worker;
  }

  /** A large spec leaves a large heap behind: the worker stops after SPEC_WORKER_IDLE_MS without work. */
  #stopWhenIdle(worker: Worker): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#worker !== worker || this.#pending.size > 0) return;
      this.#worker = undefined;
      void worker.terminate();
    }, SPEC_WORKER_IDLE_MS);
    this.#idleTimer.unref();
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const job of pending) job.reject(error);
  }
}

function sizeOf(job: SpecJob): number {
  return job.kind === 'accept-bytes' ? job.bytes.length : job.text.length;
}
