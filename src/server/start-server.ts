import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { type LoadedConfig, maskValue } from '../config/index.js';
import { SkiffError } from '../errors/index.js';
import { createServices, type Services, taskEnv } from '../services.js';
import { buildServer, type RouteModule } from './build-server.js';
import { closeApp } from './close-app.js';
import { type CloudProbe, cloudHealth, createCloudProbe, readDmiProductName } from './cloud/index.js';
import { EventHub, type EventLimits, StoreWatcher } from './events/index.js';
import { loadPageTokens } from './kfp/server-page-tokens.js';
import { checkExposure, listenError } from './listen-address.js';
import { Readiness } from './readiness.js';
import { healthRoutes } from './routes/healthz.js';
import { experimentRoutes } from './routes/kfp/experiments.js';
import { pipelineVersionRoutes } from './routes/kfp/pipeline-versions.js';
import { pipelineRoutes } from './routes/kfp/pipelines.js';
import { recurringRunRoutes } from './routes/kfp/recurring-runs.js';
import { runRoutes } from './routes/kfp/runs.js';
import { artifactRoutes } from './routes/skiff/artifacts.js';
import { attemptLogRoutes } from './routes/skiff/attempts-logs.js';
import { configDoctorRoutes } from './routes/skiff/config-doctor.js';
import { configLocationRoutes } from './routes/skiff/config-locations.js';
import { eventRoutes } from './routes/skiff/events.js';
import { experimentRecentRunsRoutes } from './routes/skiff/experiment-recent-runs.js';
import { pipelineSummaryRoutes } from './routes/skiff/pipeline-summaries.js';
import { runArtifactRoutes } from './routes/skiff/run-artifacts.js';
import { runInfoRoutes } from './routes/skiff/run-info.js';
import { runsListRoutes } from './routes/skiff/runs-list.js';
import { systemRoutes } from './routes/system.js';
import { RUN_LEASE_TTL_MS } from './run-lease.js';
import { RunWorker } from './run-worker.js';
import { RecurringScheduler, submitTrigger, systemSchedulerClock } from './scheduler/index.js';
import type { ServerDeps } from './server-deps.js';
import { type HeldLease, holdServerLease } from './server-lease.js';
import { SpecPool } from './spec-check/index.js';
import { uiRoutes } from './ui/index.js';

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** The event hub behind `/apis/skiff/v1/.../events` (its stats show dropped clients). */
  readonly events: EventHub;
  /** `http://host:port` it listens on (the real port when 0 was asked). */
  readonly url: string;
  /** Stop accepting requests, finish the ones in flight, then close the services. */
  close(): Promise<void>;
  /** What the operator should know about how it serves (e.g. no authentication on a public address). */
  readonly warnings: readonly string[];
  /** Settles if the server stops by itself: rejects with SKIFF_SERVER_DB_IN_USE when another server took its lease. */
  readonly stoppedByItself: Promise<never>;
}

/** What startServer may be given besides the configuration (tests inject what the machine would say). */
export interface StartServerOptions {
  /** Reads the machine's DMI product name for the cloud probe's auto mode; default readDmiProductName. */
  readonly readProductName?: () => Promise<string | undefined>;
  /** How long a stopping server waits for running runs before leaving them to the next start. */
  readonly shutdownGraceMs?: number;
  /** Lease time on the metadata store (one server per store); default SERVER_LEASE_TTL_MS. */
  readonly leaseTtlMs?: number;
  /** Lease time of each run the server executes; default RUN_LEASE_TTL_MS. */
  readonly runLeaseTtlMs?: number;
  /** Bounds of the event streams; default DEFAULT_EVENT_LIMITS (tests lower them). */
  readonly eventLimits?: Partial<EventLimits>;
}

/** Every route module of the server, in registration order; `cloud` is the server's cloud probe. */
export function serverRoutes(cloud: CloudProbe, env: Readonly<Record<string, string>>): RouteModule[] {
  return [
    healthRoutes({ cloud: cloudHealth(cloud) }),
    systemRoutes(cloud),
    pipelineRoutes(),
    pipelineVersionRoutes(),
    experimentRoutes(),
    runRoutes(),
    recurringRunRoutes(),
    attemptLogRoutes,
    eventRoutes,
    artifactRoutes,
    runsListRoutes,
    experimentRecentRunsRoutes,
    runArtifactRoutes,
    pipelineSummaryRoutes,
    runInfoRoutes,
    configDoctorRoutes({ env }),
    configLocationRoutes,
    uiRoutes(),
  ];
}

/** Default time a stopping server waits for running runs. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Build the services and the app from one configuration, listen on `server.host:server.port`, take
 * the metadata store's lease (health answers 503 with the reason meanwhile), then start the cloud probe in the background (hints from `baseEnv`), resume unfinished runs and start
 * the recurring-run scheduler (catching up triggers missed while no server ran).
 */
export async function startServer(
  loaded: LoadedConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const warning = checkExposure(loaded);
  const services = await createServices(loaded, baseEnv);
  if (warning !== undefined) services.log.warn({}, warning);
  let reportStop: (error: SkiffError) => void = () => undefined;
  const stoppedByItself = new Promise<never>((_, reject) => {
    reportStop = reject;
  });
  // Nobody may be listening (tests, embedders): an unhandled rejection must not end the process.
  stoppedByItself.catch(() => undefined);
  let stopNow = async (_graceMs?: number): Promise<void> => undefined;
  const storeName = String(maskValue(loaded.config.metadata.url, 'url-password'));
  let pageTokens: ServerDeps['pageTokens'];
  try {
    pageTokens = await loadPageTokens(services.metadata, Date.now());
  } catch (error) {
    await services.close();
    throw error;
  }
  const readiness = new Readiness(`taking the lease of metadata store ${storeName}`);
  const specs = new SpecPool(services.log);
  const events = new EventHub(options.eventLimits);
  const worker = new RunWorker({
    services,
    log: services.log,
    onEvent: (event) => events.publish(event),
    maxConcurrentRuns: loaded.config.server.maxConcurrentRuns,
    holder: `skiff server on ${hostname()} pid ${process.pid}`,
    ...(options.runLeaseTtlMs === undefined ? {} : { runLeaseTtlMs: options.runLeaseTtlMs }),
    loadSpec: (text, source) => specs.run({ kind: 'load', text, source }),
  });
  const watcher = new StoreWatcher({
    metadata: services.metadata,
    hub: events,
    isLocal: (runId) => worker.has(runId),
    pollMs: events.limits.storePollMs,
    log: services.log,
  });
  const scheduler = new RecurringScheduler({
    store: services.metadata.recurringRuns,
    // Called only once the scheduler starts, after `deps` exists.
    triggerRun: (recurringRun, scheduledAtMs, runName) =>
      submitTrigger(deps)(recurringRun, scheduledAtMs, runName),
    clock: systemSchedulerClock,
    log: services.log,
  });
  const deps: ServerDeps = {
    loaded,
    services,
    log: services.log,
    startedAtMs: Date.now(),
    worker,
    scheduler,
    readiness,
    pageTokens,
    specs,
    events,
    watcher,
  };
  const cloud = createCloudProbe({
    mode: loaded.config.cloud.metadata,
    metadataHost: loaded.config.cloud.metadataHost,
    environment: { env: baseEnv, readProductName: options.readProductName ?? readDmiProductName },
    log: services.log,
  });
  let app: FastifyInstance | undefined;
  let lease: HeldLease | undefined;
  try {
    app = await buildServer(deps, serverRoutes(cloud, taskEnv(baseEnv)));
    // Listen first: health answers (503, with the reason) while the lease is awaited.
    await app
      .listen({ host: loaded.config.server.host, port: loaded.config.server.port })
      .catch((error: unknown) => {
        throw listenError(error, loaded);
      });
    // One server per metadata store: a second would execute the same runs.
    lease = await holdServerLease({
      store: services.metadata.serverLeases,
      log: services.log,
      storeName,
      ...(options.leaseTtlMs === undefined ? {} : { ttlMs: options.leaseTtlMs }),
      onWaiting: (holder, expiresAtMs) =>
        readiness.waitFor(
          `waiting for the lease of metadata store ${storeName}, held by ${holder} until ${new Date(expiresAtMs).toISOString()} (a server that stopped without giving it up, or one still running)`,
        ),
      onLost: (holder) => {
        // Another server took over (this one stalled past its lease): stop at once, runs included.
        void stopNow().then(() =>
          reportStop(
            new SkiffError(
              'SKIFF_SERVER_DB_IN_USE',
              `metadata store ${storeName} was taken over by another skiff server (${holder}) after this one failed to renew its lease; this server stopped`,
            ),
          ),
        );
      },
    });
    readiness.ready();
    // After listen, so the app's own start-up does not eat into the probe's time limit.
    cloud.start();
    // Runs a previous server left unfinished continue (finished tasks are never re-run).
    const resumed = await worker.resumeUnfinished();
    if (resumed > 0) services.log.info({ resumed }, 'resuming unfinished runs');
    // And those a `skiff run` killed meanwhile leaves behind, once their leases run out.
    worker.sweepEvery(options.runLeaseTtlMs ?? RUN_LEASE_TTL_MS);
    await scheduler.start();
  } catch (error) {
    watcher.close();
    events.close();
    await app?.close();
    await scheduler.close();
    await specs.close();
    await cloud.close();
    await lease?.close();
    await services.close();
    throw error;
  }
  const running = { app, lease };
  const address = running.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : loaded.config.server.port;
  const host = loaded.config.server.host.includes(':')
    ? `[${loaded.config.server.host}]`
    : loaded.config.server.host;
  const url = `http://${host}:${port}`;
  running.lease.describe(`${hostname()} pid ${process.pid}, ${url}`);
  let closing: Promise<void> | undefined;
  stopNow = (graceMs = 0) => {
    closing ??= (async () => {
      // Open event streams would keep the app from closing.
      watcher.close();
      events.close();
      await closeApp(running.app, graceMs);
      await scheduler.close();
      await worker.close(graceMs);
      await specs.close();
      await running.lease.close();
      await cloud.close();
      await services.close();
    })();
    return closing;
  };
  return {
    app: running.app,
    services,
    events,
    url,
    warnings: warning === undefined ? [] : [warning],
    close: () => stopNow(options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS),
    stoppedByItself,
  };
}
