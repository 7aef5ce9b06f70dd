import type { V1Toleration } from '@kubernetes/client-node';
import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import {
  type JsonObject,
  objectAt,
  ownValue,
  resolvePlatformValue,
  stringAt,
} from '../../launcher/kubernetes/platform-value.js';
import type { PlatformBuild } from './platform-build.js';
import { entriesOf, integerOf, stringMap } from './platform-json.js';

const OPERATORS = ['Equal', 'Exists'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `nodeSelector`: `nodeSelectorJson` (wins, as in KFP) or `labels`; a JSON input that resolves to nothing drops it. */
export function applyNodeSelector(build: PlatformBuild, value: JsonValue): void {
  const selector: JsonObject = isJsonObject(value) ? value : {};
  const json = objectAt(selector, 'nodeSelectorJson');
  if (json) {
    const field = 'nodeSelector.nodeSelectorJson';
    const parsed = build.jsonOf(field, resolvePlatformValue(json, build.scope));
    if (parsed !== undefined) build.parts.nodeSelector = stringMap(build, field, parsed);
    return;
  }
  build.parts.nodeSelector = stringMap(build, 'nodeSelector.labels', ownValue(selector, 'labels'));
}

/** `tolerations`: each entry's fields, or its `tolerationJson` (one toleration or a list of them). */
export function applyTolerations(build: PlatformBuild, value: JsonValue): void {
  for (const [at, entry] of entriesOf(build, 'tolerations', value)) {
    const json = objectAt(entry, 'tolerationJson');
    if (!json) {
      build.parts.tolerations.push(toleration(build, at, entry));
      continue;
    }
    const field = `${at}.tolerationJson`;
    const parsed = build.jsonOf(field, resolvePlatformValue(json, build.scope));
    const items = Array.isArray(parsed) ? parsed : parsed === undefined ? [] : [parsed];
    for (const [index, item] of items.entries()) {
      const itemAt = Array.isArray(parsed) ? `${field}[${index}]` : field;
      if (!isJsonObject(item)) {
        build.fail(
          itemAt,
          `is ${JSON.stringify(item)}, not a toleration object`,
          'Pass {"key", "operator", "value", "effect"}.',
        );
      }
      if (Object.keys(item).length > 0) build.parts.tolerations.push(toleration(build, itemAt, item));
    }
  }
}

/** One toleration, checked as Kubernetes checks it. */
function toleration(build: PlatformBuild, at: string, entry: JsonObject): V1Toleration {
  const key = stringAt(entry, 'key');
  const operator = stringAt(entry, 'operator');
  const value = stringAt(entry, 'value');
  const effect = stringAt(entry, 'effect');
  const rawSeconds = ownValue(entry, 'tolerationSeconds');
  const seconds = integerOf(rawSeconds);
  if (operator !== undefined && !OPERATORS.includes(operator)) {
    build.fail(`${at}.operator`, `is ${JSON.stringify(operator)}`, 'Use "Equal" or "Exists" (case matters).');
  }
  if (effect !== undefined && !EFFECTS.includes(effect)) {
    build.fail(
      `${at}.effect`,
      `is ${JSON.stringify(effect)}`,
      `Use one of ${EFFECTS.join(', ')}, or none for all effects.`,
    );
  }
  if (operator === 'Exists' && value !== undefined) {
    build.fail(
      `${at}.value`,
      `is ${JSON.stringify(value)} with operator "Exists"`,
      'Leave the value empty with "Exists", or use "Equal".',
    );
  }
  if (key === undefined && operator !== 'Exists') {
    build.fail(
      `${at}.key`,
      'is empty, which only operator "Exists" allows',
      'Give the taint key, or use operator "Exists".',
    );
  }
  if (rawSeconds !== undefined && rawSeconds !== null && (seconds === undefined || effect !== 'NoExecute')) {
    build.fail(
      `${at}.tolerationSeconds`,
      `is ${JSON.stringify(rawSeconds)} with effect ${JSON.stringify(effect ?? '')}`,
      'Set tolerationSeconds (a whole number) only with effect "NoExecute".',
    );
  }
  return {
    ...(key !== undefined ? { key } : {}),
    ...(operator !== undefined ? { operator } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(effect !== undefined ? { effect } : {}),
    ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
  };
}
