import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { LoadedConfig } from './config/index.js';
import type { EngineDeps, EngineEvent, Logger } from './engine/index.js';
import { systemClock } from './engine/index.js';
import { LocalProcessExecutor } from './executors/local/index.js';
import { createLauncher } from './launcher/index.js';
import { type MetadataStore, openMetadataStore } from './metadata/index.js';
import { storeForUri } from './storage/index.js';

/** Everything a CLI command or the server needs, built from one configuration. */
export interface Services {
  readonly loaded: LoadedConfig;
  readonly metadata: MetadataStore;
  readonly log: Logger;
  /** Engine dependencies, with an optional listener for progress events. */
  engineDeps(onEvent?: (event: EngineEvent) => void): EngineDeps;
  close(): Promise<void>;
}

/** The bundled KFP-compatible Python runtime (`<package>/python`). */
export const PYTHON_RUNTIME_DIR = fileURLToPath(new URL('../python', import.meta.url));

/**
 * Wire adapters to ports, in one place: metadata store, object stores, launcher over the local
 * process executor. `baseEnv` is the environment task processes inherit (PATH, HOME, ...).
 */
export async function createServices(
  loaded: LoadedConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Promise<Services> {
  const { config } = loaded;
  const logsDir = join(config.home, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const log = pino(
    { level: config.log.level },
    pino.destination({ dest: join(logsDir, 'skiff.log'), sync: false, mkdir: true }),
  );
  const metadata = await openMetadataStore(config.metadata.url);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined && !k.startsWith('SKIFF_')) env[k] = v;
  const runner = createLauncher({
    storeFor: storeForUri,
    executor: new LocalProcessExecutor(),
    workDir: join(config.home, 'work'),
    logsDir,
    python: {
      interpreter: config.executor.python.interpreter,
      kfpRuntime: config.executor.python.kfpRuntime,
      runtimePath: PYTHON_RUNTIME_DIR,
    },
    env,
    ...(config.executor.timeoutSeconds !== undefined
      ? { timeoutMs: config.executor.timeoutSeconds * 1000 }
      : {}),
  });
  return {
    loaded,
    metadata,
    log,
    engineDeps: (onEvent) => ({
      metadata,
      runner,
      clock: systemClock,
      log,
      newId: randomUUID,
      options: {
        maxParallelTasks: config.engine.maxParallelTasks,
        cache: config.engine.cache,
        workspaceRoot: join(config.home, 'workspaces'),
      },
      ...(onEvent ? { onEvent } : {}),
    }),
    close: async () => {
      await metadata.close();
      log.flush?.();
    },
  };
}
