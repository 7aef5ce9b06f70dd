import type { FastifyInstance } from 'fastify';
import { configEntries, maskValue, storageJson } from '../../../config/index.js';
import { runDoctor } from '../../../doctor/index.js';
import { PYTHON_RUNTIME_DIR } from '../../../services.js';
import type { ServerDeps } from '../../server-deps.js';

/**
 * Skiff API, `GET /apis/skiff/v1/config`: every effective value with its source, the storage
 * providers and conflicts, secrets masked (as `skiff config --json`); `GET /apis/skiff/v1/doctor`:
 * the same report as `skiff doctor` (HTTP 200 either way; `ok` says whether every check passed).
 */
export function configDoctorRoutes(options: { readonly env: Readonly<Record<string, string>> }) {
  return (app: FastifyInstance, deps: ServerDeps): void => {
    app.get('/apis/skiff/v1/config', async () => ({
      values: Object.fromEntries(
        configEntries(deps.loaded).map((entry) => [
          entry.key,
          { value: maskValue(entry.value, entry.mask) ?? null, source: entry.source },
        ]),
      ),
      storage: storageJson(deps.loaded.storage),
      warnings: deps.loaded.warnings,
    }));
    app.get('/apis/skiff/v1/doctor', async () =>
      runDoctor({
        loaded: deps.loaded,
        stores: deps.services.stores,
        pythonRuntimeDir: PYTHON_RUNTIME_DIR,
        env: options.env,
      }),
    );
  };
}
