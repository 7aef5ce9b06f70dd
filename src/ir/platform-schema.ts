import { z } from 'zod';

/**
 * Zod schema of one executor's `platforms.kubernetes` config (kfp-kubernetes'
 * KubernetesExecutorConfig in proto3 JSON). Known fields must have their documented types, so a
 * wrong one is refused when the spec is loaded instead of failing the task at run time; entries and
 * the config stay loose (fields added by newer kfp-kubernetes releases are kept).
 */

const str = z.string();
const json = z.json();
const stringMap = z.record(z.string(), z.string());
/** proto3 JSON writes int64 as a string of digits; a number is read too. */
const int64 = z.union([
  z.number().int(),
  z.string().regex(/^-?\d+$/, 'expected an integer (a number or a string of digits)'),
]);

/** KFP's InputParameterSpec: where a setting's value comes from. */
const inputParameterSpec = z.looseObject({
  componentInputParameter: str.optional(),
  taskOutputParameter: z.looseObject({ producerTask: str, outputParameterKey: str }).optional(),
  runtimeValue: z.looseObject({ constant: json.optional() }).optional(),
  taskFinalStatus: z.looseObject({ producerTask: str }).optional(),
});
const podMetadata = z.looseObject({ labels: stringMap.optional(), annotations: stringMap.optional() });
const list = <T extends z.ZodType>(entry: T) => z.array(entry);

const secretRef = {
  secretName: str.optional(),
  secretNameParameter: inputParameterSpec.optional(),
  optional: z.boolean().optional(),
};
const configMapRef = {
  configMapName: str.optional(),
  configMapNameParameter: inputParameterSpec.optional(),
  optional: z.boolean().optional(),
};
const keyToEnv = (keyField: 'secretKey' | 'configMapKey') =>
  list(z.looseObject({ [keyField]: str.optional(), envVar: str.optional() }));

/** One executor's Kubernetes config, by field (camelCase, as the SDK writes it). */
export const kubernetesExecutorConfigSchema = z.looseObject({
  secretAsVolume: list(z.looseObject({ ...secretRef, mountPath: str.optional() })).optional(),
  secretAsEnv: list(z.looseObject({ ...secretRef, keyToEnv: keyToEnv('secretKey').optional() })).optional(),
  configMapAsVolume: list(z.looseObject({ ...configMapRef, mountPath: str.optional() })).optional(),
  configMapAsEnv: list(
    z.looseObject({ ...configMapRef, keyToEnv: keyToEnv('configMapKey').optional() }),
  ).optional(),
  pvcMount: list(
    z.looseObject({
      mountPath: str.optional(),
      constant: str.optional(),
      componentInputParameter: str.optional(),
      taskOutputParameter: z.looseObject({ producerTask: str, outputParameterKey: str }).optional(),
      pvcNameParameter: inputParameterSpec.optional(),
    }),
  ).optional(),
  nodeSelector: z
    .looseObject({ labels: stringMap.optional(), nodeSelectorJson: inputParameterSpec.optional() })
    .optional(),
  podMetadata: podMetadata.optional(),
  imagePullSecret: list(
    z.looseObject({ secretName: str.optional(), secretNameParameter: inputParameterSpec.optional() }),
  ).optional(),
  imagePullPolicy: str.optional(),
  activeDeadlineSeconds: int64.optional(),
  fieldPathAsEnv: list(z.looseObject({ name: str.optional(), fieldPath: str.optional() })).optional(),
  tolerations: list(
    z.looseObject({
      key: str.optional(),
      operator: str.optional(),
      value: str.optional(),
      effect: str.optional(),
      tolerationSeconds: int64.optional(),
      tolerationJson: inputParameterSpec.optional(),
    }),
  ).optional(),
  genericEphemeralVolume: list(
    z.looseObject({
      volumeName: str.optional(),
      mountPath: str.optional(),
      storageClassName: str.optional(),
      defaultStorageClass: z.boolean().optional(),
      accessModes: list(str).optional(),
      size: str.optional(),
      metadata: podMetadata.optional(),
    }),
  ).optional(),
  enabledSharedMemory: z.looseObject({ volumeName: str.optional(), size: str.optional() }).optional(),
  emptyDirMounts: list(
    z.looseObject({
      volumeName: str.optional(),
      mountPath: str.optional(),
      medium: str.optional(),
      sizeLimit: str.optional(),
    }),
  ).optional(),
  nodeAffinity: list(z.looseObject({ weight: z.number().int().optional() })).optional(),
  podAffinity: list(z.looseObject({ weight: z.number().int().optional() })).optional(),
  initContainers: list(z.looseObject({ name: str.optional(), image: str.optional() })).optional(),
});
