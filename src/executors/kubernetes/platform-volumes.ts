import type { V1PersistentVolumeClaimSpec } from '@kubernetes/client-node';
import type { JsonValue } from '../../ir/index.js';
import { objectRefName } from '../../launcher/kubernetes/object-refs.js';
import { type JsonObject, objectAt, ownValue, stringAt } from '../../launcher/kubernetes/platform-value.js';
import type { PlatformBuild } from './platform-build.js';
import { checkObjectName, entriesOf, stringList, stringMap } from './platform-json.js';
import { isQuantity } from './quantity.js';

/** PersistentVolumeClaim access modes Kubernetes knows. */
export const ACCESS_MODES: readonly string[] = [
  'ReadWriteOnce',
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOncePod',
];
const EMPTY_DIR_MEDIA = /^(|Memory|HugePages(-.+)?)$/;

/** `secretAsVolume` / `configMapAsVolume`: the object's keys as files under mountPath. */
export function applyObjectVolumes(
  build: PlatformBuild,
  field: 'secretAsVolume' | 'configMapAsVolume',
  value: JsonValue,
): void {
  const secret = field === 'secretAsVolume';
  for (const [at, ref] of entriesOf(build, field, value)) {
    const name = build.nameOf(at, objectRefName(field, ref, build.scope));
    if (name === undefined) continue;
    checkObjectName(build, at, secret ? 'Secret' : 'ConfigMap', name);
    const optional = ownValue(ref, 'optional') === true;
    const volumeName = build.volumeNames.allocate(`${secret ? 'secret' : 'configmap'}-${name}`);
    build.addVolume(
      at,
      secret
        ? { name: volumeName, secret: { secretName: name, optional } }
        : { name: volumeName, configMap: { name, optional } },
      { name: volumeName, mountPath: stringAt(ref, 'mountPath') ?? '', readOnly: true },
    );
  }
}

/** `pvcMount`: an existing PVC; unlike the other name fields, KFP fails (does not drop) a mount whose name resolves to nothing. */
export function applyPvcMounts(build: PlatformBuild, value: JsonValue): void {
  for (const [at, ref] of entriesOf(build, 'pvcMount', value)) {
    const claimName = build.nameOf(`${at}.pvcNameParameter`, objectRefName('pvcMount', ref, build.scope));
    if (claimName === undefined) {
      build.fail(
        `${at}.pvcNameParameter`,
        'names no PersistentVolumeClaim (its value is empty), and KFP fails such a mount',
        'Pass the PVC name (for example the `name` output of kubernetes.CreatePVC).',
      );
    }
    checkObjectName(build, at, 'PersistentVolumeClaim', claimName);
    const subPath = stringAt(ref, 'subPath');
    if (subPath !== undefined && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      build.fail(
        `${at}.subPath`,
        `is ${JSON.stringify(subPath)}`,
        'Give a relative path inside the volume, without "..".',
      );
    }
    const volumeName = build.volumeNames.allocate(`pvc-${claimName}`);
    build.addVolume(
      at,
      { name: volumeName, persistentVolumeClaim: { claimName } },
      { name: volumeName, mountPath: stringAt(ref, 'mountPath') ?? '', ...(subPath ? { subPath } : {}) },
    );
  }
}

/** `emptyDirMounts`: scratch volumes, optionally in memory and with a size limit. */
export function applyEmptyDirs(build: PlatformBuild, value: JsonValue): void {
  for (const [at, entry] of entriesOf(build, 'emptyDirMounts', value)) {
    const medium = stringAt(entry, 'medium') ?? '';
    if (!EMPTY_DIR_MEDIA.test(medium)) {
      build.fail(`${at}.medium`, `is ${JSON.stringify(medium)}`, 'Use "" (node disk) or "Memory" (tmpfs).');
    }
    const sizeLimit = quantityAt(build, at, entry, 'sizeLimit');
    const name = build.volumeNames.allocate(stringAt(entry, 'volumeName') ?? 'empty-dir');
    build.addVolume(
      at,
      { name, emptyDir: { ...(medium ? { medium } : {}), ...(sizeLimit ? { sizeLimit } : {}) } },
      { name, mountPath: stringAt(entry, 'mountPath') ?? '' },
    );
  }
}

/** `enabledSharedMemory`: a memory-backed emptyDir at /dev/shm (the container runtime's default is 64 MiB). */
export function applySharedMemory(build: PlatformBuild, value: JsonValue): void {
  const [[at, entry] = ['enabledSharedMemory', {}]] = entriesOf(build, 'enabledSharedMemory', value);
  const sizeLimit = quantityAt(build, at, entry, 'size');
  const name = build.volumeNames.allocate(stringAt(entry, 'volumeName') ?? 'shm');
  build.addVolume(
    at,
    { name, emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } },
    { name, mountPath: '/dev/shm' },
  );
}

/** `genericEphemeralVolume`: a PVC made from a template for the pod's lifetime. */
export function applyEphemeralVolumes(build: PlatformBuild, value: JsonValue): void {
  for (const [at, entry] of entriesOf(build, 'genericEphemeralVolume', value)) {
    const size = quantityAt(build, at, entry, 'size');
    if (size === undefined) build.fail(`${at}.size`, 'is missing', 'Give the volume a size, e.g. "5Gi".');
    const spec: V1PersistentVolumeClaimSpec = {
      accessModes: accessModes(build, `${at}.accessModes`, ownValue(entry, 'accessModes')),
      resources: { requests: { storage: size } },
    };
    // KFP: defaultStorageClass leaves the class to the cluster; otherwise the given class, "" included.
    if (ownValue(entry, 'defaultStorageClass') !== true) {
      spec.storageClassName = stringAt(entry, 'storageClassName') ?? '';
    }
    const metadata = objectAt(entry, 'metadata') ?? {};
    const labels = stringMap(build, `${at}.metadata.labels`, ownValue(metadata, 'labels'));
    const annotations = stringMap(build, `${at}.metadata.annotations`, ownValue(metadata, 'annotations'));
    const name = build.volumeNames.allocate(stringAt(entry, 'volumeName') ?? 'ephemeral');
    build.addVolume(
      at,
      { name, ephemeral: { volumeClaimTemplate: { metadata: { labels, annotations }, spec } } },
      { name, mountPath: stringAt(entry, 'mountPath') ?? '' },
    );
  }
}

/** Access modes checked against Kubernetes' list; at least one is required. */
export function accessModes(build: PlatformBuild, field: string, value: JsonValue | undefined): string[] {
  const modes = stringList(build, field, value ?? []);
  const bad = modes.find((mode) => !ACCESS_MODES.includes(mode));
  if (modes.length === 0 || bad !== undefined) {
    build.fail(
      field,
      bad === undefined ? 'is empty' : `has ${JSON.stringify(bad)}, which is not an access mode`,
      `Use one or more of ${ACCESS_MODES.join(', ')}.`,
    );
  }
  return modes;
}

function quantityAt(build: PlatformBuild, at: string, entry: JsonObject, key: string): string | undefined {
  const text = stringAt(entry, key);
  if (text !== undefined && !isQuantity(text)) {
    build.fail(
      `${at}.${key}`,
      `is ${JSON.stringify(text)}, which is not a Kubernetes quantity`,
      'Use a size such as "500Mi" or "2Gi".',
    );
  }
  return text;
}
