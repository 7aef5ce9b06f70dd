import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { LoadedConfig } from './config/index.js';
import type { EngineDeps, EngineEvent, Logger } from './engine/index.js';
import { Semaphore, systemClock } from './engine/index.js';
import { SkiffError } from './errors/index.js';
import { LocalProcessExecutor } from './executors/local/index.js';
import type { PipelineSpec } from './ir/index.js';
import { createLauncher, pipelineMayRunPython } from './launcher/index.js';
import { diskFullError, isDiskFull, pseudoFileSystemProblem, unusableDirReason } from './local-fs/index.js';
import { type MetadataStore, openMetadataStore } from './metadata/index.js';
import { PACKAGE_ROOT } from './package-root.js';
import { ProviderStores, providerStorageGate } from './storage/index.js';

/** Everything a CLI command or the server needs, built from one configuration. */
export interface Services {
  readonly loaded: LoadedConfig;
  readonly metadata: MetadataStore;
  readonly log: Logger;
  /** Object stores of the configured providers (file://, s3://, minio://). */
  readonly stores: ProviderStores;
  /**
   * Get ready to run tasks: start the process spawner ahead of the first task and, unless the
   * pipeline to run is given and none of its commands may run Python, resolve the interpreter.
   */
  warmUp(spec?: PipelineSpec): void;
  /** Engine dependencies, with an optional listener for progress events. */
  engineDeps(onEvent?: (event: EngineEvent) => void): EngineDeps;
  close(): Promise<void>;
}

/** The bundled KFP-compatible Python runtime (`<package>/python`). */
export const PYTHON_RUNTIME_DIR = join(PACKAGE_ROOT, 'python');

/** The local process executor of a configuration (processes start from its spawner helper). */
export function createLocalExecutor(config: LoadedConfig['config']): LocalProcessExecutor {
  const python = config.executor.python;
  return new LocalProcessExecutor({
    spawnerPython: python.interpreter,
    // Beside the interpreter links PythonRuntime makes (`<home>/work/.python/`).
    spawnerPythonFile: join(config.home, 'work', '.python', 'spawner-python.json'),
    ...(python.kfpRuntime === 'auto' && python.forkServer
      ? { pythonForkServer: { runtimePath: PYTHON_RUNTIME_DIR } }
      : {}),
  });
}

/** Most log bytes held in memory while skiff.log cannot be written (e.g. a full disk); more are dropped. */
const LOG_BUFFER_MAX_BYTES = 8 * 1024 * 1024;

/** How a command uses the services. */
export interface ServicesUse {
  /**
   * True for a command that only reads the store and storage (`runs list|get`, `logs`): no
   * Kubernetes executor is made, so these work without the cluster. Its engineDeps must not run.
   */
  readonly readOnly?: boolean;
}

/**
 * Wire adapters to ports, in one place: metadata store, object stores, launcher over the local
 * process executor. `baseEnv` is the environment task processes inherit (PATH, HOME, ...).
 * `executor` may be made (and warmed up) earlier with {@link createLocalExecutor}; the services
 * own it from here on and close it.
 */
export async function createServices(
  loaded: LoadedConfig,
  baseEnv: Readonly<Record<string, string | undefined>>,
  executor: LocalProcessExecutor = createLocalExecutor(loaded.config),
  use: ServicesUse = {},
): Promise<Services> {
  const { config } = loaded;
  const logsDir = join(config.home, 'logs');
  await makeHomeDir(loaded, logsDir);
  const logFile = pino.destination({
    dest: join(logsDir, 'skiff.log'),
    sync: false,
    mkdir: true,
    maxLength: LOG_BUFFER_MAX_BYTES,
  });
  // A full or failing disk must not end the process: lines that cannot be written are dropped
  // (the buffer is bounded), and whatever hit the disk reports it with its own coded error.
  logFile.on('error', () => {});
  const log = pino({ level: config.log.level }, logFile);
  const metadata = await openMetadataStore(config.metadata.url);
  const stores = new ProviderStores(loaded, {
    onRetry: (event) =>
      log.warn(
        { operation: event.operation, key: event.key, attempt: event.attempt, code: event.error.code },
        `storage call failed (${event.error.message}); retrying in ${event.delayMs} ms`,
      ),
  });
  const gate = providerStorageGate(stores);
  // One set of process slots for every run of this process: maxParallelTasks holds across runs.
  const processSlots = new Semaphore(config.engine.maxParallelTasks);
  const env = taskEnv(baseEnv);
  const kubernetes =
    config.executor.kind === 'kubernetes' && use.readOnly !== true
      ? (await import('./executors/kubernetes/create-runner.js')).kubernetesRunnerOf(loaded, baseEnv, {
          storeFor: stores.storeFor,
          logsDir,
          log,
        })
      : undefined;
  const launcher = createLauncher({
    storeFor: stores.storeFor,
    executor,
    workDir: join(config.home, 'work'),
    logsDir,
    envsDir: join(config.home, 'envs'),
    python: {
      interpreter: config.executor.python.interpreter,
      kfpRuntime: config.executor.python.kfpRuntime,
      runtimePath: PYTHON_RUNTIME_DIR,
      // The spawner helper runs on the same interpreter and reports its path: no second start.
      knownExecutable: () => executor.pythonExecutable(),
      systemSitePackages: config.executor.python.systemSitePackages,
      installer: config.executor.python.installer,
      images: config.executor.python.images ?? [],
    },
    env,
    log,
    ...(config.executor.timeoutSeconds !== undefined
      ? { timeoutMs: config.executor.timeoutSeconds * 1000 }
      : {}),
  });
  const runner = kubernetes ?? launcher;
  return {
    loaded,
    metadata,
    log,
    stores,
    warmUp: (spec) => {
      if (kubernetes !== undefined) return;
      executor.warmUp();
      launcher.warmUp(spec === undefined || pipelineMayRunPython(spec));
    },
    engineDeps: (onEvent) => ({
      metadata,
      runner,
      clock: systemClock,
      log,
      newId: randomUUID,
      storage: gate,
      processSlots,
      options: {
        maxParallelTasks: config.engine.maxParallelTasks,
        cache: config.engine.cache,
        // `{{$.workspace_path}}` is where the attempts run: under Skiff's home, or in the task pods.
        workspaceRoot: kubernetes?.workspaceRoot ?? join(config.home, 'workspaces'),
      },
      ...(onEvent ? { onEvent } : {}),
    }),
    close: async () => {
      await kubernetes?.close();
      executor.close();
      stores.close();
      await metadata.close();
      log.flush?.();
    },
  };
}

/** The environment task processes inherit: the given one without Skiff's own SKIFF_* settings. */
export function taskEnv(baseEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined && !k.startsWith('SKIFF_')) env[k] = v;
  return env;
}

/**
 * Make `dir` under home: a home on a pseudo file system is refused first (SKIFF_CONFIG_INVALID;
 * Node's recursive mkdir would loop forever in /proc), a full disk is SKIFF_DISK_FULL.
 */
async function makeHomeDir(loaded: LoadedConfig, dir: string): Promise<void> {
  const { home } = loaded.config;
  const pseudo = await pseudoFileSystemProblem(home);
  if (pseudo !== undefined) {
    throw new SkiffError(
      'SKIFF_CONFIG_INVALID',
      `home "${home}" (set in ${loaded.sources.get('home') ?? 'default'}) ${pseudo}`,
      {
        fix: 'Set home (--home, SKIFF_HOME) to a directory on a writable local file system.',
        location: 'home',
      },
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if (isDiskFull(error)) throw diskFullError(dir, 'making the home directory', error);
    throw new SkiffError(
      'SKIFF_CONFIG_INVALID',
      `home "${home}" (set in ${loaded.sources.get('home') ?? 'default'}) cannot be used: ${dir} cannot be made, as ${unusableDirReason(dir, error)}`,
      {
        fix: 'Set home (--home, SKIFF_HOME) to a directory this user can write, on a writable file system.',
        location: 'home',
        cause: error,
      },
    );
  }
}
