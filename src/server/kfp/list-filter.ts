import { SkiffError } from '../../errors/index.js';
import { own } from '../../ir/index.js';
import type { ListOperator, ListPredicate, ListScalar } from '../../metadata/index.js';
import type { KfpListField, KfpListResource } from './list-resource.js';

// KFP's Predicate.Operation names and proto numbers (v1 used the same names under `op`).
const OPERATIONS: Readonly<Record<string, ListOperator>> = {
  EQUALS: 'eq',
  NOT_EQUALS: 'ne',
  GREATER_THAN: 'gt',
  GREATER_THAN_EQUALS: 'gte',
  LESS_THAN: 'lt',
  LESS_THAN_EQUALS: 'lte',
  IN: 'in',
  IS_SUBSTRING: 'substring',
};
const OPERATION_NUMBERS: Readonly<Record<number, string>> = {
  1: 'EQUALS',
  2: 'NOT_EQUALS',
  3: 'GREATER_THAN',
  5: 'GREATER_THAN_EQUALS',
  6: 'LESS_THAN',
  7: 'LESS_THAN_EQUALS',
  8: 'IN',
  9: 'IS_SUBSTRING',
};
// Value keys in snake_case and protojson's camelCase.
const VALUE_KEYS = [
  'string_value',
  'int_value',
  'long_value',
  'timestamp_value',
  'bool_value',
  'string_values',
  'int_values',
  'long_values',
] as const;
type ValueKey = (typeof VALUE_KEYS)[number];
const CAMEL: Readonly<Record<string, ValueKey>> = Object.fromEntries(
  VALUE_KEYS.map((key) => [key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), key]),
);

/**
 * Parses KFP's `filter` query parameter (JSON `{"predicates":[{key, operation|op, <kind>_value(s)}]}`)
 * into typed predicates on the resource's fields. Throws SKIFF_API_BAD_FILTER naming the bad part.
 */
export function parseKfpFilter<F extends string>(
  text: string | undefined,
  resource: KfpListResource<F>,
): ListPredicate<F>[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw bad(`filter ${clip(text)} is not JSON (${(error as Error).message})`, error);
  }
  if (!isObject(parsed)) throw bad(`filter ${clip(text)} is not a JSON object with "predicates"`);
  const extra = Object.keys(parsed).filter((key) => key !== 'predicates');
  if (extra.length > 0) throw bad(`filter has unknown field "${extra[0]}"; only "predicates" is allowed`);
  const predicates = parsed.predicates ?? [];
  if (!Array.isArray(predicates)) throw bad('filter.predicates is not a list');
  return predicates.map((predicate, i) => parsePredicate(predicate, i, resource));
}

function parsePredicate<F extends string>(
  raw: unknown,
  index: number,
  resource: KfpListResource<F>,
): ListPredicate<F> {
  const where = `filter.predicates[${index}]`;
  if (!isObject(raw)) throw bad(`${where} is not an object`);
  const key = raw.key;
  if (typeof key !== 'string') throw bad(`${where} has no "key" string`);
  const spec = own(resource.fields, key);
  if (spec === undefined) {
    const known = Object.keys(resource.fields).join(', ');
    throw bad(`${where} has key "${key}", which ${resource.name} cannot be filtered by (keys: ${known})`);
  }
  const op = operationOf(raw.operation ?? raw.op, `${where} (key "${key}")`);
  const values: [ValueKey, unknown][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'key' || name === 'operation' || name === 'op') continue;
    const valueKey = (VALUE_KEYS as readonly string[]).includes(name) ? (name as ValueKey) : own(CAMEL, name);
    if (valueKey === undefined) throw bad(`${where} (key "${key}") has unknown field "${name}"`);
    values.push([valueKey, value]);
  }
  const [first, ...rest] = values;
  if (first === undefined || rest.length > 0) {
    throw bad(`${where} (key "${key}") needs exactly one value field (string_value, int_value, ...)`);
  }
  const [valueKey, value] = first;
  const isList = valueKey.endsWith('_values');
  if ((op === 'in') !== isList) {
    throw bad(
      `${where} (key "${key}"): operation IN takes string_values/int_values/long_values; others take one value`,
    );
  }
  const what = `${where} (key "${key}", ${valueKey})`;
  if (isList) {
    const list = isObject(value) ? value.values : value;
    if (!Array.isArray(list)) throw bad(`${what} is not a list (write {"values": [...]})`);
    return { field: spec.field, op, value: list.map((item) => scalarOf(valueKey, item, spec, what)) };
  }
  if (op === 'substring' && spec.kind !== 'string')
    throw bad(`${what}: IS_SUBSTRING works on text keys only`);
  return { field: spec.field, op, value: scalarOf(valueKey, value, spec, what) };
}

function operationOf(raw: unknown, where: string): ListOperator {
  const name =
    typeof raw === 'number'
      ? OPERATION_NUMBERS[raw]
      : typeof raw === 'string'
        ? raw.toUpperCase()
        : undefined;
  const op = name === undefined ? undefined : own(OPERATIONS, name);
  if (op === undefined) {
    throw bad(
      `${where} has operation ${JSON.stringify(raw)}; use one of ${Object.keys(OPERATIONS).join(', ')}`,
    );
  }
  return op;
}

function scalarOf<F extends string>(
  valueKey: ValueKey,
  value: unknown,
  spec: KfpListField<F>,
  what: string,
): ListScalar {
  const base = valueKey.replace(/_values?$/, '');
  if (spec.kind === 'string') {
    if (base !== 'string' || typeof value !== 'string') throw bad(`${what}: this key takes string_value(s)`);
    if (spec.normalize === undefined) return value;
    const normal = spec.normalize(value);
    if (normal === undefined)
      throw bad(`${what}: ${JSON.stringify(value)} is not a valid value for this key`);
    return normal;
  }
  if (spec.kind === 'bool') {
    if (base !== 'bool' || typeof value !== 'boolean') throw bad(`${what}: this key takes bool_value`);
    return value;
  }
  if (spec.kind === 'timestamp' && base === 'timestamp') {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) throw bad(`${what}: ${JSON.stringify(value)} is not an RFC 3339 time`);
    return ms;
  }
  if (base !== 'int' && base !== 'long')
    throw bad(
      `${what}: this key takes int_value/long_value${spec.kind === 'timestamp' ? ' (epoch seconds) or timestamp_value' : ''}`,
    );
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isSafeInteger(number)) throw bad(`${what}: ${JSON.stringify(value)} is not an integer`);
  // KFP keeps times in epoch seconds; Skiff in epoch milliseconds.
  return spec.kind === 'timestamp' ? number * 1000 : number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}

function bad(message: string, cause?: unknown): SkiffError {
  return new SkiffError('SKIFF_API_BAD_FILTER', message, cause === undefined ? {} : { cause });
}
