import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';

/** A JSON object as found in the platform spec. */
export type JsonObject = { readonly [k: string]: JsonValue };

/**
 * Values a platform setting can read its object name from. KFP's driver resolves
 * `componentInputParameter` against the enclosing DAG's inputs and `taskOutputParameter` against
 * the producer's outputs, so both sources are optional: when one is missing the value is `unknown`.
 */
export interface PlatformValueScope {
  /** The task's own resolved input parameters (the compiler may pass `pipelinechannel--...` copies here). */
  readonly parameters: Readonly<Record<string, JsonValue>>;
  /** Input parameter values of the enclosing DAG (what `componentInputParameter` names). */
  readonly scopeParameters?: Readonly<Record<string, JsonValue>>;
  /** Output parameters of upstream tasks, by producer task name then output key. */
  readonly upstreamOutputs?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
}

/** A resolved setting value: known, known to be absent (null or unset), or not knowable here. */
export type PlatformValue =
  | { readonly kind: 'value'; readonly text: string; readonly source: string }
  | { readonly kind: 'absent'; readonly source: string }
  | { readonly kind: 'unknown'; readonly source: string };

/** `record[key]` when `key` is an own property, else undefined. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The object under `key`, or undefined when it is missing or not an object. */
export function objectAt(record: JsonObject, key: string): JsonObject | undefined {
  const value = ownValue(record, key);
  return isJsonObject(value) ? value : undefined;
}

/** The non-empty string under `key`, or undefined. */
export function stringAt(record: JsonObject, key: string): string | undefined {
  const value = ownValue(record, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A repeated field as a list: a list as is, null/undefined as empty, any other value as a list of one. */
export function listOf(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [value];
}

/** Resolves a KFP `InputParameterSpec` (`componentInputParameter`, `taskOutputParameter`, `runtimeValue.constant`). */
export function resolvePlatformValue(spec: JsonObject, scope: PlatformValueScope): PlatformValue {
  const constant = objectAt(spec, 'runtimeValue');
  if (constant && Object.hasOwn(constant, 'constant')) {
    return fromJson(constant.constant, 'constant', true);
  }
  const input = stringAt(spec, 'componentInputParameter');
  if (input !== undefined) {
    const source = `input parameter "${input}"`;
    const own = ownValue(scope.parameters, input) ?? ownValue(scope.scopeParameters, input);
    return fromJson(own, source, scope.scopeParameters !== undefined || own !== undefined);
  }
  const output = objectAt(spec, 'taskOutputParameter');
  if (output) return resolveTaskOutput(output, scope);
  return { kind: 'unknown', source: `an unrecognised value spec ${JSON.stringify(spec)}` };
}

/** Resolves a `taskOutputParameter` ({producerTask, outputParameterKey}). */
export function resolveTaskOutput(output: JsonObject, scope: PlatformValueScope): PlatformValue {
  const producer = stringAt(output, 'producerTask') ?? '?';
  const key = stringAt(output, 'outputParameterKey') ?? '?';
  const source = `output "${key}" of task "${producer}"`;
  const value =
    ownValue(ownValue(scope.upstreamOutputs, producer), key) ??
    ownValue(scope.parameters, `pipelinechannel--${producer}-${key}`);
  return fromJson(value, source, scope.upstreamOutputs !== undefined || value !== undefined);
}

/** Renders a value as the string Kubernetes would see; null and unset are absent (KFP skips the setting). */
function fromJson(value: JsonValue | undefined, source: string, knowable: boolean): PlatformValue {
  if (value === undefined) return knowable ? { kind: 'absent', source } : { kind: 'unknown', source };
  if (value === null) return { kind: 'absent', source };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { kind: 'value', text, source };
}
