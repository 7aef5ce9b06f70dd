import type { LoadedConfig } from '../config/index.js';
import type { Logger } from '../engine/index.js';
import type { Services } from '../services.js';
import type { EventHub, StoreWatcher } from './events/index.js';
import type { PageTokens } from './kfp/page-token.js';
import type { Readiness } from './readiness.js';
import type { RunWorker } from './run-worker.js';
import type { RecurringScheduler } from './scheduler/index.js';
import type { SpecPool } from './spec-check/index.js';

/** What route modules receive: the one configuration and the services built from it. */
export interface ServerDeps {
  readonly loaded: LoadedConfig;
  readonly services: Services;
  readonly log: Logger;
  /** When the server started (ms since the epoch), for health and uptime. */
  readonly startedAtMs: number;
  /** The queue that executes runs. */
  readonly worker: RunWorker;
  /** Fires recurring runs' triggers; route changes to recurring runs go through `scheduler.change`. */
  readonly scheduler: RecurringScheduler;
  /** Not ready until the server holds the metadata store lease: health says why, other calls get 503. */
  readonly readiness: Readiness;
  /** Signs and checks list page tokens with a key kept in the metadata store (valid across restarts). */
  readonly pageTokens: PageTokens;
  /** Loads and validates pipeline specs, the large ones off the event loop. */
  readonly specs: SpecPool;
  /** Fans run, task and attempt changes out to the event streams; run changes the server makes itself go here too. */
  readonly events: EventHub;
  /** Publishes the changes of runs another process executes to `events` while a client follows them. */
  readonly watcher: StoreWatcher;
}
