import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { SkiffError } from '../errors/index.js';
import { errorResponse } from './http-errors.js';
import type { ServerDeps } from './server-deps.js';

/** A group of routes: registers itself on the app with the server's dependencies. */
export type RouteModule = (app: FastifyInstance, deps: ServerDeps) => void | Promise<void>;

/** Paths answered without a token (liveness probes). */
const OPEN_PATHS = new Set(['/healthz']);

/**
 * The Fastify app: JSON errors shaped like KFP's (google.rpc.Status with a Skiff code and fix),
 * 400 for malformed requests, 404 for unknown routes, an optional bearer token, then the routes.
 */
export async function buildServer(
  deps: ServerDeps,
  routes: readonly RouteModule[],
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Newer kfp.Client releases call /apis/v2/...; it is the same API as /apis/v2beta1/.
    rewriteUrl: (request) =>
      request.url?.startsWith('/apis/v2/') ? `/apis/v2beta1/${request.url.slice(9)}` : (request.url ?? '/'),
  });
  app.addHook('onRequest', async (request) => {
    deps.readiness.check(request.method, request.url.split('?')[0] ?? '');
  });
  const token = deps.loaded.config.server.authToken;
  if (token !== undefined) {
    const expected = Buffer.from(`Bearer ${token}`);
    app.addHook('onRequest', async (request) => {
      if (OPEN_PATHS.has(request.url.split('?')[0] ?? '')) return;
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new SkiffError(
          'SKIFF_API_UNAUTHENTICATED',
          `${request.method} ${request.url.split('?')[0]} needs a bearer token`,
        );
      }
    });
  }
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const skiff = asSkiffError(error);
    const { status, body } = errorResponse(skiff ?? error);
    if (status >= 500)
      deps.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new SkiffError(
      'SKIFF_API_NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0]}`,
    );
    const { status, body } = errorResponse(error);
    void reply.status(status).send(body);
  });
  for (const register of routes) await register(app, deps);
  return app;
}

/** Fastify's own client errors (bad JSON, body too large, bad content type) as SKIFF_API_BAD_REQUEST. */
function asSkiffError(error: FastifyError): SkiffError | undefined {
  if (error instanceof SkiffError) return error;
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new SkiffError('SKIFF_API_BAD_REQUEST', error.message, { cause: error });
  }
  return undefined;
}
