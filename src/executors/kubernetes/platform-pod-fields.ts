import type { V1SecurityContext } from '@kubernetes/client-node';
import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import { objectRefName } from '../../launcher/kubernetes/object-refs.js';
import { type JsonObject, ownValue } from '../../launcher/kubernetes/platform-value.js';
import { isLabelValue, isQualifiedName } from './k8s-names.js';
import type { PlatformBuild } from './platform-build.js';
import { checkObjectName, entriesOf, integerOf, stringMap } from './platform-json.js';

const PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'] as const;
/** Label and annotation keys under this prefix are Skiff's own (run, task, attempt). */
export const SKIFF_KEY_PREFIX = 'skiff.dev/';

/** `imagePullSecret`: Secrets the kubelet uses to pull the image; one that resolves to nothing is dropped. */
export function applyImagePullSecrets(build: PlatformBuild, value: JsonValue): void {
  for (const [at, ref] of entriesOf(build, 'imagePullSecret', value)) {
    // Same shape as secretAsEnv's name: secretNameParameter, or the deprecated secretName.
    const name = build.nameOf(`${at}.secretNameParameter`, objectRefName('secretAsEnv', ref, build.scope));
    if (name !== undefined)
      build.parts.imagePullSecrets.push({ name: checkObjectName(build, at, 'Secret', name) });
  }
}

/** `imagePullPolicy`: Always, Never or IfNotPresent ('' leaves Kubernetes' default). */
export function applyImagePullPolicy(build: PlatformBuild, value: JsonValue): void {
  if (value === '' || value === null) return;
  const policy = PULL_POLICIES.find((known) => known === value);
  if (policy === undefined) {
    build.fail('imagePullPolicy', `is ${JSON.stringify(value)}`, `Use one of ${PULL_POLICIES.join(', ')}.`);
  }
  build.parts.imagePullPolicy = policy;
}

/** `podMetadata`: labels and annotations for the pod, checked as Kubernetes checks them. */
export function applyPodMetadata(build: PlatformBuild, value: JsonValue): void {
  const metadata: JsonObject = isJsonObject(value) ? value : {};
  build.parts.labels = labelMap(build, 'podMetadata.labels', ownValue(metadata, 'labels'), true);
  build.parts.annotations = labelMap(
    build,
    'podMetadata.annotations',
    ownValue(metadata, 'annotations'),
    false,
  );
}

/** A label (or annotation) map with valid keys (and label values), none under `skiff.dev/`. */
export function labelMap(
  build: PlatformBuild,
  field: string,
  value: JsonValue | undefined,
  checkValues: boolean,
): Record<string, string> {
  const map = stringMap(build, field, value);
  for (const [key, item] of Object.entries(map)) {
    if (!isQualifiedName(key) || key.startsWith(SKIFF_KEY_PREFIX)) {
      build.fail(
        `${field}.${key}`,
        key.startsWith(SKIFF_KEY_PREFIX)
          ? `uses the prefix "${SKIFF_KEY_PREFIX}", which Skiff keeps for its own keys`
          : 'is not a valid key',
        'Use a key of letters, digits, "-", "_" and "." (at most 63), optionally after a "domain/" prefix of your own.',
      );
    }
    if (checkValues && !isLabelValue(item)) {
      build.fail(
        `${field}.${key}`,
        `is ${JSON.stringify(item)}, which is not a valid label value`,
        'Use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit.',
      );
    }
  }
  return map;
}

/** `activeDeadlineSeconds` (kubernetes.set_timeout): 0 leaves the pod without a deadline, as in KFP. */
export function applyDeadline(build: PlatformBuild, value: JsonValue): void {
  const seconds = integerOf(value);
  if (seconds === undefined || seconds < 0) {
    build.fail('activeDeadlineSeconds', `is ${JSON.stringify(value)}`, 'Use a whole number of seconds.');
  }
  if (seconds > 0) build.parts.activeDeadlineSeconds = seconds;
}

/** `securityContext`: the main container's user and group; as in KFP, every capability is dropped. */
export function applySecurityContext(build: PlatformBuild, value: JsonValue): void {
  const context: JsonObject = isJsonObject(value) ? value : {};
  const result: V1SecurityContext = { capabilities: { drop: ['ALL'] } };
  for (const key of ['runAsUser', 'runAsGroup'] as const) {
    const raw = ownValue(context, key);
    if (raw === undefined || raw === null) continue;
    const id = integerOf(raw);
    if (id === undefined || id < 0)
      build.fail(`securityContext.${key}`, `is ${JSON.stringify(raw)}`, 'Use a numeric id (0 or more).');
    result[key] = id;
  }
  const nonRoot = ownValue(context, 'runAsNonRoot');
  if (typeof nonRoot === 'boolean') result.runAsNonRoot = nonRoot;
  if (nonRoot === true && result.runAsUser === 0) {
    build.fail(
      'securityContext.runAsUser',
      'is 0 (root) while runAsNonRoot is true',
      'Use a non-zero user id, or drop runAsNonRoot.',
    );
  }
  build.parts.securityContext = result;
}
