import { isSkiffError, type SkiffError } from '../../errors/index.js';
import type { JsonValue, KubernetesExecutorConfig } from '../../ir/index.js';
import { applyNodeAffinity, applyPodAffinity } from './platform-affinity.js';
import { PlatformBuild, type PodPlatformParts, type PodPlatformScope } from './platform-build.js';
import { applyFieldPathEnv, applyKeyToEnv } from './platform-env.js';
import {
  applyDeadline,
  applyImagePullPolicy,
  applyImagePullSecrets,
  applyPodMetadata,
  applySecurityContext,
} from './platform-pod-fields.js';
import { applyNodeSelector, applyTolerations } from './platform-scheduling.js';
import {
  applyEmptyDirs,
  applyEphemeralVolumes,
  applyObjectVolumes,
  applyPvcMounts,
  applySharedMemory,
} from './platform-volumes.js';

export type { PodPlatformParts, PodPlatformScope } from './platform-build.js';

/** The pod parts of an executor's platform config, or the SKIFF_K8S_PLATFORM error for its first bad value. */
export type PodPlatform =
  | { readonly ok: true; readonly parts: PodPlatformParts }
  | { readonly ok: false; readonly error: SkiffError };

type Handler = (build: PlatformBuild, value: JsonValue) => void;

/** Every field of KFP's KubernetesExecutorConfig (kubernetes_executor_config.proto) the pod honours. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  secretAsEnv: (build, value) => applyKeyToEnv(build, 'secretAsEnv', value),
  configMapAsEnv: (build, value) => applyKeyToEnv(build, 'configMapAsEnv', value),
  fieldPathAsEnv: applyFieldPathEnv,
  secretAsVolume: (build, value) => applyObjectVolumes(build, 'secretAsVolume', value),
  configMapAsVolume: (build, value) => applyObjectVolumes(build, 'configMapAsVolume', value),
  pvcMount: applyPvcMounts,
  emptyDirMounts: applyEmptyDirs,
  enabledSharedMemory: applySharedMemory,
  genericEphemeralVolume: applyEphemeralVolumes,
  nodeSelector: applyNodeSelector,
  tolerations: applyTolerations,
  nodeAffinity: applyNodeAffinity,
  podAffinity: applyPodAffinity,
  imagePullSecret: applyImagePullSecrets,
  imagePullPolicy: applyImagePullPolicy,
  podMetadata: applyPodMetadata,
  activeDeadlineSeconds: applyDeadline,
  securityContext: applySecurityContext,
};

/** Proto fields Skiff knows but does not put in pods yet; a config that uses them fails rather than run without them. */
const NOT_YET: Readonly<Record<string, string>> = {
  initContainers: 'init containers',
  podResourceClaims: 'dynamic resource allocation claims',
};

/**
 * Turns `platforms.kubernetes.deploymentSpec.executors[label]` into pod parts, resolving object names
 * from `scope` as KFP's driver does: a name that resolves to nothing drops its setting (a PVC mount
 * fails instead, as in KFP); a value Kubernetes would reject fails with SKIFF_K8S_PLATFORM.
 */
export function podPlatform(
  config: KubernetesExecutorConfig | undefined,
  scope: PodPlatformScope,
): PodPlatform {
  const build = new PlatformBuild(scope);
  try {
    for (const [field, value] of Object.entries(config ?? {})) applyField(build, field, value);
  } catch (error) {
    if (isSkiffError(error)) return { ok: false, error };
    throw error;
  }
  return { ok: true, parts: build.parts };
}

function applyField(build: PlatformBuild, field: string, value: JsonValue): void {
  const handler = Object.hasOwn(HANDLERS, field) ? HANDLERS[field] : undefined;
  if (handler) {
    handler(build, value);
    return;
  }
  const notYet = Object.hasOwn(NOT_YET, field) ? NOT_YET[field] : undefined;
  build.fail(
    field,
    notYet === undefined
      ? 'is not a platform field this version of Skiff knows'
      : `asks for ${notYet}, which Skiff's Kubernetes executor does not support yet`,
    notYet === undefined
      ? 'Compile the pipeline with a kfp-kubernetes version Skiff supports, or remove the setting.'
      : 'Remove the setting from the task, or run the pipeline on KFP.',
  );
}
