import type { LoadedConfig } from '../config/index.js';
import { maskValue } from '../config/index.js';
import type { ProviderStores } from '../storage/index.js';
import { checkConfig } from './check-config.js';
import { checkEnvs } from './check-envs.js';
import { checkMetadata } from './check-metadata.js';
import { checkPython } from './check-python.js';
import { checkStorage } from './check-storage.js';
import type { DoctorReport } from './doctor-report.js';

/** What the doctor needs: the loaded configuration, its stores, the Python runtime and the task environment. */
export interface DoctorDeps {
  readonly loaded: LoadedConfig;
  readonly stores: ProviderStores;
  /** The bundled Python runtime directory (`<package>/python`). */
  readonly pythonRuntimeDir: string;
  /** Environment of task processes (PATH to find the interpreter; KUBECONFIG and HOME to find the cluster). */
  readonly env: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * Check every part Skiff depends on, in order: configuration, metadata store, storage (the
 * pipeline root and each provider), Python runtime, Python environments, and with
 * `executor.kind: kubernetes` the cluster (see checkCluster). Used by `skiff doctor` and the server.
 */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { loaded } = deps;
  const url = loaded.config.metadata.url;
  const [metadata, storage, python, envs, cluster] = await Promise.all([
    checkMetadata(url, String(maskValue(url, 'url-password'))),
    checkStorage(loaded, deps.stores, deps.signal),
    checkPython(loaded.config, deps.pythonRuntimeDir, deps.env),
    checkEnvs(loaded.config, deps.env),
    loaded.config.executor.kind === 'kubernetes'
      ? // Loaded here: @kubernetes/client-node is not part of every `skiff` start-up.
        import('./cluster/check-cluster.js').then(({ checkCluster }) =>
          checkCluster({ loaded, env: deps.env, ...(deps.signal ? { signal: deps.signal } : {}) }),
        )
      : [],
  ]);
  const checks = [...checkConfig(loaded), metadata, ...storage, python, envs, ...cluster];
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}
