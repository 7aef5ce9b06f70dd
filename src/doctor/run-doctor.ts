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
  /** Environment of task processes (PATH to find the interpreter). */
  readonly env: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * Check every part Skiff depends on, in order: configuration, metadata store, storage (the
 * pipeline root and each provider), Python runtime, Python environments. Used by `skiff doctor` and the server.
 */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { loaded } = deps;
  const url = loaded.config.metadata.url;
  const [metadata, storage, python, envs] = await Promise.all([
    checkMetadata(url, String(maskValue(url, 'url-password'))),
    checkStorage(loaded, deps.stores, deps.signal),
    checkPython(loaded.config, deps.pythonRuntimeDir, deps.env),
    checkEnvs(loaded.config, deps.env),
  ]);
  const checks = [...checkConfig(loaded), metadata, ...storage, python, envs];
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}
