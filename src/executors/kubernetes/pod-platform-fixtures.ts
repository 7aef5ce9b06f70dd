import type { KubernetesExecutorConfig } from '../../ir/index.js';
import { type PodPlatformParts, type PodPlatformScope, podPlatform } from './pod-platform.js';

// Shared by the podPlatform tests: a scope with a few names, and the parts or the error of a config.

/** A task scope: a pipeline input `secret_name`, a null optional input, and a CreatePVC output. */
export const SCOPE: PodPlatformScope = {
  executorLabel: 'exec-train',
  taskName: 'train',
  parameters: {},
  scopeParameters: { secret_name: 'db-creds', optional_name: null },
  upstreamOutputs: { createpvc: { name: 'run-1-my-pvc' } },
};

/** The parts of an accepted config (throws when it is refused). */
export function parts(config: KubernetesExecutorConfig, scope: PodPlatformScope = SCOPE): PodPlatformParts {
  const result = podPlatform(config, scope);
  if (!result.ok) throw new Error(`unexpected failure: ${result.error.message}`);
  return result.parts;
}

/** The error of a refused config (throws when it is accepted). */
export function failure(config: KubernetesExecutorConfig, scope: PodPlatformScope = SCOPE) {
  const result = podPlatform(config, scope);
  if (result.ok) throw new Error('expected SKIFF_K8S_PLATFORM, but the config was accepted');
  return result.error;
}
