import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { SkiffError } from '../errors/index.js';
import { checkNestingDepth } from '../ir/index.js';
import { clientErrorHandler } from './client-error.js';
import { errorResponse } from './http-errors.js';
import { MAX_BODY_BYTES, MAX_PATH_PARAM_CHARS, mebibytes } from './limits.js';
import { rejectRepeatedQuery } from './query-params.js';
import { RouteMethods } from './route-methods.js';
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
    const expected = Buffer.from(token);
    app.addHook('onRequest', async (request) => {
      // The router ignores a trailing slash: /healthz/ is /healthz.
      const path = (request.url.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
      if (OPEN_PATHS.has(path) || isUiAssetPath(path)) return;
      const given = bearerToken(request.headers.authorization);
      if (given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new SkiffError(
          'SKIFF_API_UNAUTHENTICATED',
          `${request.method} ${request.url.split('?')[0]} needs a bearer token`,
        );
      }
    });
  }
  app.addHook('onRequest', async (request) => {
    rejectRepeatedQuery(request.query);
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      throw new SkiffError(
        'SKIFF_API_UNSUPPORTED_MEDIA',
        `the request body is compressed (Content-Encoding: ${encoding}), which the API does not read`,
      );
    }
  });
  readJsonBodies(app);
  // A text/plain body is never what a route reads: 415, not a string where an object belongs.
  app.removeContentTypeParser('text/plain');
  const routeMethods = new RouteMethods();
  routeMethods.watch(app);
  // Parsing is iterative; what follows (schemas, JSON.stringify) recurses, so depth is checked first.
  app.addHook('preValidation', async (request) => {
    if (typeof request.body === 'object') checkNestingDepth(request.body, 'the request body');
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const skiff = asSkiffError(error, request.headers['content-type'], request.url.split('?')[0] ?? '');
    const { status, body } = errorResponse(skiff ?? error);
    if (status >= 500)
      deps.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routeMethods.allowed(path);
    const error =
      allowed.length > 0
        ? new SkiffError(
            'SKIFF_API_METHOD_NOT_ALLOWED',
            `${path} takes ${allowed.join(', ')}, not ${request.method}`,
          )
        : new SkiffError('SKIFF_API_NOT_FOUND', `no route ${request.method} ${path}`);
    const { status, body } = errorResponse(error);
    if (allowed.length > 0) void reply.header('allow', allowed.join(', '));
    void reply.status(status).send(body);
  });
  for (const register of routes) await register(app, deps);
  return app;
}

/** The token of an `Authorization: Bearer TOKEN` header (the scheme in any case, RFC 7235). */
function bearerToken(header: string | undefined): Buffer | undefined {
  const match = /^bearer[ \t]+(.+?)[ \t]*$/i.exec(header ?? '');
  return match === null ? undefined : Buffer.from(match[1]!);
}

/**
 * JSON bodies through Fastify's own parser (prototype poisoning refused), but an empty body is no
 * body: clients that set `Content-Type: application/json` on every call may send it to actions
 * that take none (`:terminate`, DELETE). A refused `__proto__` key is named, not called bad JSON.
 */
function readJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parse(request, text, (error, value) => {
      if (error === null || !/"(__proto__|constructor)"/.test(text) || !isJson(text)) {
        done(error, value);
        return;
      }
      const refused = new SkiffError(
        'SKIFF_API_BAD_REQUEST',
        'the request body has a "__proto__" key (or a "constructor" with a "prototype"), which the server refuses: it could change the objects built from the body',
        { fix: 'Rename or remove that key; no KFP field or parameter the server reads is named so.' },
      );
      done(refused as unknown as FastifyError, undefined);
    });
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fastify's own client errors as Skiff errors: a body over the limit as SKIFF_API_TOO_LARGE (413),
 * a body of a type the API does not read as SKIFF_API_UNSUPPORTED_MEDIA (415), the others (bad
 * JSON) as SKIFF_API_BAD_REQUEST.
 */
function asSkiffError(
  error: FastifyError,
  contentType: string | undefined,
  path: string,
): SkiffError | undefined {
  if (error instanceof SkiffError) return error;
  const status = error.statusCode ?? 500;
  if (status === 415) {
    const takes = /\/pipelines\/upload(_version)?\/?$/.test(path)
      ? 'multipart/form-data with the file in the field "uploadfile"'
      : 'application/json';
    return new SkiffError(
      'SKIFF_API_UNSUPPORTED_MEDIA',
      `the request body's Content-Type ${JSON.stringify(contentType ?? '')} is not what ${path} reads: it takes ${takes}`,
      { cause: error },
    );
  }
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
