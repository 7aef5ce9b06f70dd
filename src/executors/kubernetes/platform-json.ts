import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import { type JsonObject, listOf } from '../../launcher/kubernetes/platform-value.js';
import { isDnsSubdomain } from './k8s-names.js';
import type { PlatformBuild } from './platform-build.js';

/** A map of strings (labels, annotations, node selector); numbers and booleans become their text. */
export function stringMap(
  build: PlatformBuild,
  field: string,
  value: JsonValue | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (value === undefined || value === null) return result;
  if (!isJsonObject(value)) {
    return build.fail(
      field,
      `is ${JSON.stringify(value)}, not a mapping of names to strings`,
      'Pass a dict of strings.',
    );
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'object' && item !== null) {
      build.fail(`${field}.${key}`, `is ${JSON.stringify(item)}, not a string`, 'Pass a dict of strings.');
    }
    Object.defineProperty(result, key, {
      value: item === null ? '' : String(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

/** A list of strings. */
export function stringList(build: PlatformBuild, field: string, value: JsonValue): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    return build.fail(field, `is ${JSON.stringify(value)}, not a list of strings`, 'Pass a list of strings.');
  }
  return value as string[];
}

/** An integer from a JSON number or a numeric string (proto3 JSON writes int64 as a string). */
export function integerOf(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Entries of a repeated field as objects (a non-object entry is a spec error). */
export function entriesOf(build: PlatformBuild, field: string, value: JsonValue): [string, JsonObject][] {
  return listOf(value).map((entry, index) => {
    const at = `${field}[${index}]`;
    if (!isJsonObject(entry)) {
      build.fail(
        at,
        `is ${JSON.stringify(entry)}, not an object`,
        'Compile the pipeline again with the KFP SDK.',
      );
    }
    return [at, entry];
  });
}

/** Checks that a resolved Secret / ConfigMap / PVC name is a name Kubernetes accepts. */
export function checkObjectName(build: PlatformBuild, field: string, noun: string, name: string): string {
  if (!isDnsSubdomain(name)) {
    build.fail(
      field,
      `names ${noun} ${JSON.stringify(name)}, which is not a valid Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253 characters)`,
      `Pass the exact name of the ${noun} as it exists in the cluster.`,
    );
  }
  return name;
}
