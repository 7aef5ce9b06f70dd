export { formatBytes, treeSizeBytes } from './dir-size.js';
export {
  type EnvCatalog,
  type EnvEntry,
  type EnvsDirSize,
  envsDirSize,
  type LeftoverEntry,
  listEnvs,
} from './env-catalog.js';
export { type EnvInstaller, findInstaller, type InstallerMode, installerName } from './env-installer.js';
export { type EnvManifest, MANIFEST_FILE, USES_DIR } from './env-manifest.js';
export {
  type PruneItem,
  type PruneOptions,
  type PruneReason,
  type PruneResult,
  pruneEnvs,
} from './env-prune.js';
export { type EnvSpec, envKey } from './env-spec.js';
export {
  type EnvRequest,
  isComplete,
  PythonEnvs,
  type PythonEnvsOptions,
  type ReadyEnv,
} from './python-envs.js';
