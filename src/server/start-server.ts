import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config/index.js';
import { createServices, type Services, taskEnv } from '../services.js';
import { buildServer, type RouteModule } from './build-server.js';
import { healthRoutes } from './routes/healthz.js';
import { recurringRunRoutes } from './routes/kfp/recurring-runs.js';
import { runRoutes } from './routes/kfp/runs.js';
import { artifactRoutes } from './routes/skiff/artifacts.js';
import { attemptLogRoutes } from './routes/skiff/attempts-logs.js';
import { configDoctorRoutes } from './routes/skiff/config-doctor.js';
import { RunWorker } from './run-worker.js';
import { RecurringScheduler, submitTrigger, systemSchedulerClock } from './scheduler/index.js';
import type { ServerDeps } from './server-deps.js';

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** `http://host:port` it listens on (the real port when 0 was asked). */
  readonly url: string;
  /** Stop accepting requests, finish the ones in flight, then close the services. */
  close(): Promise<void>;
}

/** Every route module of the server, in registration order. */
export function serverRoutes(env: Readonly<Record<string, string>>): RouteModule[] {
  return [
    healthRoutes({}),
    runRoutes(),
    recurringRunRoutes(),
    attemptLogRoutes,
    artifactRoutes,
    configDoctorRoutes({ env }),
  ];
}

/** How long a stopping server waits for running runs before leaving them to the next start. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Build the services and the app from one configuration, and listen on `server.host:server.port`. */
export async function startServer(
  loaded: LoadedConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Promise<RunningServer> {
  const services = await createServices(loaded, baseEnv);
  const worker = new RunWorker({
    services,
    log: services.log,
    maxConcurrentRuns: loaded.config.server.maxConcurrentRuns,
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
  };
  let app: FastifyInstance;
  try {
    app = await buildServer(deps, serverRoutes(taskEnv(baseEnv)));
    await app.listen({ host: loaded.config.server.host, port: loaded.config.server.port });
    // Runs a previous server left unfinished continue (finished tasks are never re-run).
    const resumed = await worker.resumeUnfinished();
    if (resumed > 0) services.log.info({ resumed }, 'resuming unfinished runs');
    // Then recurring runs: triggers missed while no server ran are caught up first.
    await scheduler.start();
  } catch (error) {
    await scheduler.close();
    await services.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : loaded.config.server.port;
  const host = loaded.config.server.host.includes(':')
    ? `[${loaded.config.server.host}]`
    : loaded.config.server.host;
  return {
    app,
    services,
    url: `http://${host}:${port}`,
    async close() {
      await app.close();
      await scheduler.close();
      await worker.close(SHUTDOWN_GRACE_MS);
      await services.close();
    },
  };
}
