import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../server-deps.js';
import { builtUiDir, UI_DIR } from './ui-paths.js';

/**
 * What the UI's page may load: only this server (no fonts, CDNs or analytics). Scripts inline are
 * allowed because an HTML artifact, shown in a sandboxed frame (`sandbox="allow-scripts"`, an
 * opaque origin), inherits this policy and commonly carries its own script; the app has none.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The web UI at `/`: index.html (never cached, so a new build is seen at once) and the hashed files
 * under /assets/ (cached for a year), gzip or brotli when the build made them. Without a build,
 * `GET /` says how to make one.
 */
export function uiRoutes(dir: string = UI_DIR) {
  return async (app: FastifyInstance, _deps: ServerDeps): Promise<void> => {
    const root = builtUiDir(dir);
    if (root === undefined) {
      app.get('/', async (_request, reply) =>
        reply
          .status(404)
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><meta charset="utf-8"><title>Skiff</title>' +
              '<p><b>SKIFF_UI_NOT_BUILT</b>: this Skiff has no web UI build (dist/ui/index.html is missing).' +
              '<p>Fix: run <code>npm run build</code> in the Skiff checkout, then restart <code>skiff server</code>. ' +
              'The API answers meanwhile under <code>/apis/v2beta1</code> and <code>/apis/skiff/v1</code>.',
          ),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // One route per file found at start, so unknown paths keep the API's coded 404.
      wildcard: false,
      preCompressed: true,
      decorateReply: false,
      index: ['index.html'],
      redirect: false,
      dotfiles: 'deny',
      cacheControl: false,
      setHeaders: (response, path) => {
        response.setHeader('x-content-type-options', 'nosniff');
        response.setHeader('referrer-policy', 'no-referrer');
        if (/\.html(\.br|\.gz)?$/.test(path)) {
          response.setHeader('cache-control', 'no-cache');
          response.setHeader('content-security-policy', PAGE_POLICY);
        } else {
          response.setHeader('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  };
}
