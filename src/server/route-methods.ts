import type { FastifyInstance } from 'fastify';

/**
 * The HTTP methods each registered route pattern takes, so that a known path asked with another
 * method answers 405 with `Allow` instead of "no route" (404). Filled by an onRoute hook, which
 * must be added before the routes.
 */
export class RouteMethods {
  readonly #routes: { readonly pattern: RegExp; readonly method: string }[] = [];

  /** Record every route `app` registers from now on (plugins' routes included). */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) this.#routes.push({ pattern: patternOf(route.url), method });
    });
  }

  /** The methods some route takes at `path` (a request path without its query), sorted; [] when none. */
  allowed(path: string): string[] {
    const found = new Set<string>();
    for (const route of this.#routes) if (route.pattern.test(path)) found.add(route.method);
    return [...found].sort();
  }
}

/** A route pattern (`/apis/v2beta1/runs/:run_id`) as a regular expression over request paths. */
function patternOf(url: string): RegExp {
  const segments = url
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment.startsWith(':')
          ? '[^/]+'
          : segment.replace(/::/g, ':').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  // The router ignores a trailing slash; so does this.
  return new RegExp(`^${segments.join('/').replace(/\/$/, '')}/?$`);
}
