import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config/index.js';
import { createServices, type Services } from '../services.js';
import { buildServer, type RouteModule } from './build-server.js';
import { healthRoutes } from './routes/healthz.js';
import { experimentRoutes } from './routes/kfp/experiments.js';
import { pipelineVersionRoutes } from './routes/kfp/pipeline-versions.js';
import { pipelineRoutes } from './routes/kfp/pipelines.js';

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
export function serverRoutes(): RouteModule[] {
  return [healthRoutes({}), pipelineRoutes(), pipelineVersionRoutes(), experimentRoutes()];
}

/** Build the services and the app from one configuration, and listen on `server.host:server.port`. */
export async function startServer(
  loaded: LoadedConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Promise<RunningServer> {
  const services = await createServices(loaded, baseEnv);
  const deps = { loaded, services, log: services.log, startedAtMs: Date.now() };
  let app: FastifyInstance;
  try {
    app = await buildServer(deps, serverRoutes());
    await app.listen({ host: loaded.config.server.host, port: loaded.config.server.port });
  } catch (error) {
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
      await services.close();
    },
  };
}
