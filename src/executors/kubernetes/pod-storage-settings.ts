import type { ProviderCredentials } from '../../config/index.js';
import type { StorageSettings } from '../../storage/index.js';
import type { PodPlan } from './pod-plan.js';

/**
 * The storage part of a configuration, rebuilt in a pod from the providers the server handed it and
 * the credentials in the pod's environment (from the storage Secret): what ProviderStores reads.
 */
export function podStorageSettings(
  pipelineRoot: string,
  storage: PodPlan['storage'],
  env: Readonly<Record<string, string | undefined>>,
): StorageSettings {
  const providers = storage.providers.map(({ credentialsEnv, ...provider }) => {
    const credentials: ProviderCredentials = {
      kind: 'keys',
      accessKeyId: env[credentialsEnv.accessKeyId] ?? '',
      secretAccessKey: env[credentialsEnv.secretAccessKey] ?? '',
      ...(credentialsEnv.sessionToken && env[credentialsEnv.sessionToken]
        ? { sessionToken: env[credentialsEnv.sessionToken]! }
        : {}),
    };
    return { ...provider, credentials };
  });
  return {
    storage: { providers, conflicts: [] },
    sources: new Map<string, string>(),
    config: { pipelineRoot, storage: { ...storage, kfpLauncherConfigMap: undefined } },
  };
}
