import { findTooDeep, MAX_NESTING_DEPTH } from './nesting-depth.js';
import type { JsonValue, ParameterType } from './types.js';

const INTEGER_RANGE = `a NUMBER_INTEGER parameter takes a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}; larger ones lose their last digits in JSON`;

/** Why `value` is not a valid value of `type` ("must be a whole number"), or undefined when it is. */
export function parameterValueProblem(value: JsonValue, type: ParameterType): string | undefined {
  switch (type) {
    case 'STRING':
      return typeof value === 'string' ? undefined : 'a STRING parameter takes a string (quote it)';
    case 'NUMBER_INTEGER':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return undefined;
      // 9007199254740993 in JSON arrives as ...992: say why a whole number is refused.
      return typeof value === 'number' && Number.isInteger(value)
        ? INTEGER_RANGE
        : 'a NUMBER_INTEGER parameter takes a whole number';
    case 'NUMBER_DOUBLE':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'a NUMBER_DOUBLE parameter takes a number';
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : 'a BOOLEAN parameter takes true or false';
    case 'LIST':
      return Array.isArray(value) ? undefined : 'a LIST parameter takes a JSON list';
    case 'STRUCT':
    case 'TASK_FINAL_STATUS':
    case 'TASK_CONFIG':
      return isJsonObject(value) ? undefined : `a ${type} parameter takes a JSON object`;
    default:
      return assertNever(type);
  }
}

/** Parses command-line text as a value of `type`: strings as-is, numbers and booleans by syntax, LIST/STRUCT as JSON. */
export function parseParameterText(
  text: string,
  type: ParameterType,
): { readonly value: JsonValue } | { readonly problem: string } {
  switch (type) {
    case 'STRING':
      return { value: text };
    case 'NUMBER_INTEGER': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      if (!/^[+-]?\d+$/.test(trimmed))
        return { problem: 'a NUMBER_INTEGER parameter takes a whole number such as 3' };
      // 9007199254740993 would be read as ...992: say why a whole number is refused.
      return Number.isSafeInteger(value) ? { value } : { problem: INTEGER_RANGE };
    }
    case 'NUMBER_DOUBLE': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      return trimmed !== '' && Number.isFinite(value)
        ? { value }
        : { problem: 'a NUMBER_DOUBLE parameter takes a number such as 0.5' };
    }
    case 'BOOLEAN': {
      const lower = text.trim().toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { value: lower === 'true' }
        : { problem: 'a BOOLEAN parameter takes true or false' };
    }
    case 'LIST':
    case 'STRUCT':
    case 'TASK_FINAL_STATUS':
    case 'TASK_CONFIG': {
      let value: JsonValue;
      try {
        value = JSON.parse(text) as JsonValue;
      } catch {
        return {
          problem: `a ${type} parameter takes JSON text, e.g. ${type === 'LIST' ? '[1, 2]' : '{"a": 1}'}`,
        };
      }
      const deep = findTooDeep(value);
      if (deep !== undefined) {
        return { problem: `the JSON nests more than ${MAX_NESTING_DEPTH} levels deep (at ${deep.path})` };
      }
      const problem = parameterValueProblem(value, type);
      return problem === undefined ? { value } : { problem };
    }
    default:
      return assertNever(type);
  }
}

/** True for a JSON object (not null, not a list). */
export function isJsonObject(value: unknown): value is { readonly [k: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`unexpected parameter type ${String(value)}`);
}
