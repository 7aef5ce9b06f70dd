import type { V1EnvVar } from '@kubernetes/client-node';
import type { JsonValue } from '../../ir/index.js';
import { fieldPathValue, SUPPORTED_FIELD_PATHS } from '../../launcher/kubernetes/field-path-env.js';
import { objectRefName } from '../../launcher/kubernetes/object-refs.js';
import { ownValue, stringAt } from '../../launcher/kubernetes/platform-value.js';
import { isEnvVarName } from './k8s-names.js';
import type { PlatformBuild } from './platform-build.js';
import { checkObjectName, entriesOf } from './platform-json.js';

/** A probe pod for `fieldPathValue`: only whether a path is one the downward API offers matters here. */
const PROBE_POD = { name: '', namespace: '', uid: '', labels: {}, annotations: {}, nodeName: '' };

/** `secretAsEnv` / `configMapAsEnv`: one env var per keyToEnv pair, read with secretKeyRef / configMapKeyRef. */
export function applyKeyToEnv(
  build: PlatformBuild,
  field: 'secretAsEnv' | 'configMapAsEnv',
  value: JsonValue,
): void {
  const secret = field === 'secretAsEnv';
  const noun = secret ? 'Secret' : 'ConfigMap';
  for (const [at, ref] of entriesOf(build, field, value)) {
    const name = build.nameOf(at, objectRefName(field, ref, build.scope));
    if (name === undefined) continue;
    checkObjectName(build, at, noun, name);
    const optional = ownValue(ref, 'optional');
    for (const [pairAt, pair] of entriesOf(build, `${at}.keyToEnv`, ownValue(ref, 'keyToEnv') ?? null)) {
      const key = stringAt(pair, secret ? 'secretKey' : 'configMapKey');
      const envVar = envName(build, `${pairAt}.envVar`, stringAt(pair, 'envVar'));
      if (key === undefined) {
        build.fail(
          pairAt,
          `sets $${envVar} but names no key of ${noun} "${name}"`,
          `Name the ${noun} key to read.`,
        );
      }
      const selector = { name, key, ...(typeof optional === 'boolean' ? { optional } : {}) };
      build.parts.env.push({
        name: envVar,
        valueFrom: secret ? { secretKeyRef: selector } : { configMapKeyRef: selector },
      });
    }
  }
}

/** `fieldPathAsEnv`: env vars from the downward API (`valueFrom.fieldRef`). */
export function applyFieldPathEnv(build: PlatformBuild, value: JsonValue): void {
  for (const [at, entry] of entriesOf(build, 'fieldPathAsEnv', value)) {
    const name = envName(build, `${at}.name`, stringAt(entry, 'name'));
    const fieldPath = stringAt(entry, 'fieldPath') ?? '';
    if (fieldPathValue(fieldPath, PROBE_POD) === undefined) {
      build.fail(
        `${at}.fieldPath`,
        `is ${JSON.stringify(fieldPath)}, which the downward API does not offer to env vars`,
        `Use one of ${SUPPORTED_FIELD_PATHS.join(', ')}.`,
      );
    }
    const env: V1EnvVar = { name, valueFrom: { fieldRef: { fieldPath: fieldPath.trim() } } };
    build.parts.env.push(env);
  }
}

function envName(build: PlatformBuild, field: string, name: string | undefined): string {
  if (name === undefined || !isEnvVarName(name)) {
    build.fail(
      field,
      `is ${JSON.stringify(name ?? '')}, which is not an environment variable name`,
      'Use a name of letters, digits and underscores that does not start with a digit, e.g. "DB_PASSWORD".',
    );
  }
  return name;
}
