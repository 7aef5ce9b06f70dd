import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { SkiffError } from '../errors/index.js';
import { checkNestingDepth } from '../ir/index.js';
import { clientErrorHandler } from './client-error.js';
import { errorResponse } from './http-errors.js';
import { MAX_BODY_BYTES, MAX_PATH_PARAM_CHARS, mebibytes } from './limits.js';
import { rejectRepeatedQuery } from './query-params.js';
import type { ServerDeps } from './server-deps.js';
import { isUiAssetPath } from './ui/index.js';

/** A group of routes: registers itself on the app with the server's dependencies. */
export type RouteModule = (app: FastifyInstance, deps: ServerDeps) => void | Promise<void>;

/** Paths answered without a token (liveness probes); the UI's static files are open too (isUiAssetPath). */
const OPEN_PATHS = new Set(['/healthz']);

/**
 * The Fastify app: JSON errors shaped like KFP's (google.rpc.Status with a Skiff code and fix),
 * 400 for malformed requests (a repeated query parameter, a body nested too deep), 404 for unknown routes, an optional bearer token, then the routes.
 */
export async function buildServer(
  deps: ServerDeps,
  routes: readonly RouteModule[],
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_PARAM_CHARS },
    clientErrorHandler,
    // A path the router cannot read (bad percent-encoding, an over-long id) answers like any bad input.
    frameworkErrors: (error, request, reply) => {
      const { status, body } = errorResponse(frameworkError(error, request.url));
      void (reply as FastifyReply).status(status).send(body);
    },
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
      const path = request.url.split('?')[0] ?? '';
      if (OPEN_PATHS.has(path) || isUiAssetPath(path)) return;
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new SkiffError(
          'SKIFF_API_UNAUTHENTICATED',
          `${request.method} ${request.url.split('?')[0]} needs a bearer token`,
        );
      }
    });
  }
  app.addHook('onRequest', async (request) => rejectRepeatedQuery(request.query));
  // Parsing is iterative; what follows (schemas, JSON.stringify) recurses, so depth is checked first.
  app.addHook('preValidation', async (request) => {
    if (typeof request.body === 'object') checkNestingDepth(request.body, 'the request body');
  });
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

/**
 * Fastify's own client errors as Skiff errors: a body over the limit as SKIFF_API_TOO_LARGE (413),
 * the others (bad JSON, bad content type) as SKIFF_API_BAD_REQUEST.
 */
function asSkiffError(error: FastifyError): SkiffError | undefined {
  if (error instanceof SkiffError) return error;
  const status = error.statusCode ?? 500;
  if (status === 413) {
    return new SkiffError(
      'SKIFF_API_TOO_LARGE',
      `the request body is larger than ${mebibytes(MAX_BODY_BYTES)}, the most the server reads`,
      { cause: error },
    );
  }
  if (status >= 400 && status < 500) {
    return new SkiffError('SKIFF_API_BAD_REQUEST', error.message, { cause: error });
  }
  return undefined;
}

/** The router's own errors (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH...) as SKIFF_API_BAD_REQUEST naming the path. */
function frameworkError(error: FastifyError, url: string): SkiffError {
  const path = url.split('?')[0] ?? '';
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `has a segment longer than ${MAX_PATH_PARAM_CHARS} characters`
      : error.code === 'FST_ERR_BAD_URL'
        ? 'is not valid percent-encoded UTF-8'
        : `cannot be routed (${error.message})`;
  return new SkiffError('SKIFF_API_BAD_REQUEST', `the path ${shown} ${problem}`, {
    fix: 'Percent-encode ids and names in the path as UTF-8 (encodeURIComponent), and use ids the API returned.',
    cause: error,
  });
}
