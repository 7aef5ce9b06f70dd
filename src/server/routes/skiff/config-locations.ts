import type { FastifyInstance } from 'fastify';
import { configLocations } from '../../config-lines/config-locations.js';
import type { ConfigLocationsAnswer } from '../../config-lines/location-types.js';
import type { ServerDeps } from '../../server-deps.js';

/**
 * Skiff API, `GET /apis/skiff/v1/config/locations`: the file and line of every configuration
 * value that came from a file (config file or kfp-launcher ConfigMap), keyed by its source and
 * path, so the settings page can say `skiff.yaml:12`. Never any text of the files.
 */
export function configLocationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get(
    '/apis/skiff/v1/config/locations',
    async (): Promise<ConfigLocationsAnswer> => ({ locations: await configLocations(deps.loaded) }),
  );
}
