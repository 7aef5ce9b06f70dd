// Loaded on demand by cel.ts: building the CEL environment costs ~0.1 s of CPU at import.
import {
  type CelResult,
  CelScalar,
  type CelValue,
  celEnv,
  celFunc,
  isCelError,
  isCelList,
  isCelMap,
  parse,
  plan,
} from '@bufbuild/cel';
import { SkiffError } from '../errors/index.js';
import { findTooDeep, MAX_NESTING_DEPTH } from '../ir/index.js';
import type { JsonValue } from '../ir/types.js';

/** `parseJson(string)`: the function KFP adds to CEL for loop-item field selectors. */
const parseJson = celFunc('parseJson', [CelScalar.STRING], CelScalar.DYN, (text) => {
  const value = JSON.parse(text);
  // CEL converts values recursively: refuse what would exhaust the stack.
  if (findTooDeep(value) !== undefined)
    throw new Error(`parseJson: the JSON nests more than ${MAX_NESTING_DEPTH} levels deep`);
  return value;
});
const env = celEnv({ funcs: [parseJson] });
type Program = (bindings: Record<string, unknown>) => CelResult;
const programs = new Map<string, Program>();

function compile(expression: string): Program {
  let program = programs.get(expression);
  if (!program) {
    program = plan(env, parse(expression)) as unknown as Program;
    programs.set(expression, program);
  }
  return program;
}

/** Evaluate a CEL expression over JSON bindings; returns its JSON value. Throws SKIFF_CONDITION_EVAL. */
export function evaluateCel(
  expression: string,
  bindings: Record<string, JsonValue>,
  where: string,
): JsonValue {
  let result: CelResult;
  try {
    result = compile(expression)(toCelBindings(bindings));
  } catch (cause) {
    throw new SkiffError(
      'SKIFF_CONDITION_EVAL',
      `${where}: cannot evaluate "${expression}": ${String(cause)}`,
      {
        cause,
      },
    );
  }
  if (isCelError(result)) {
    throw new SkiffError('SKIFF_CONDITION_EVAL', `${where}: "${expression}" failed: ${result.message}`, {
      cause: result,
    });
  }
  return fromCel(result);
}

function toCelBindings(bindings: Record<string, JsonValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(bindings)) out[name] = toCel(value);
  return out;
}

/** JSON numbers are CEL doubles, as KFP's structpb values are. */
function toCel(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

function fromCel(value: CelValue): JsonValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'number'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of value) out[String(k)] = fromCel(v);
    return out;
  }
  if (typeof value === 'object' && value !== null && 'value' in value) return Number(value.value);
  return String(value);
}
