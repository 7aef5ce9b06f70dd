import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config/index.js';
import { createServices, type Services } from '../services.js';
import { buildServer, type RouteModule } from './build-server.js';
import { type CloudProbe, cloudHealth, createCloudProbe, readDmiProductName } from './cloud/index.js';
import { healthRoutes } from './routes/healthz.js';
import { systemRoutes } from './routes/system.js';

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** `http://host:port` it listens on (the real port when 0 was asked). */
  readonly url: string;
  /** Stop accepting requests, finish the ones in flight, then close the services. */
  close(): Promise<void>;
}

/** What startServer may be given besides the configuration (tests inject what the machine would say). */
export interface StartServerOptions {
  /** Reads the machine's DMI product name for the cloud probe's auto mode; default readDmiProductName. */
  readonly readProductName?: () => Promise<string | undefined>;
}

/** Every route module of the server, in registration order; `cloud` is the server's cloud probe. */
export function serverRoutes(cloud: CloudProbe): RouteModule[] {
  return [healthRoutes({ cloud: cloudHealth(cloud) }), systemRoutes(cloud)];
}

/**
 * Build the services and the app from one configuration, listen on `server.host:server.port`, then
 * start the cloud probe in the background (hints from `baseEnv`).
 */
export async function startServer(
  loaded: LoadedConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const services = await createServices(loaded, baseEnv);
  const deps = { loaded, services, log: services.log, startedAtMs: Date.now() };
  const cloud = createCloudProbe({
    mode: loaded.config.cloud.metadata,
    metadataHost: loaded.config.cloud.metadataHost,
    environment: { env: baseEnv, readProductName: options.readProductName ?? readDmiProductName },
    log: services.log,
  });
  let app: FastifyInstance;
  try {
    app = await buildServer(deps, serverRoutes(cloud));
    await app.listen({ host: loaded.config.server.host, port: loaded.config.server.port });
    // After listen, so the app's own start-up does not eat into the probe's time limit.
    cloud.start();
  } catch (error) {
    await cloud.close();
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
      await cloud.close();
      await services.close();
    },
  };
}
