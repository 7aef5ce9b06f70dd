import { SkiffError } from '../errors/index.js';
import { parameterText } from '../ir/index.js';
import type { JsonValue, ParameterSpec, ParameterType, TaskParameterInput } from '../ir/types.js';

/** The kind of a parameter value, named as KFP's backend names it in its messages. */
type ValueKind = 'null' | 'string' | 'number' | 'bool' | 'list' | 'struct';

function kindOf(value: JsonValue): ValueKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'struct';
  }
}

const ACCEPTS: Readonly<Record<Exclude<ParameterType, 'STRING'>, ValueKind>> = {
  NUMBER_INTEGER: 'number',
  NUMBER_DOUBLE: 'number',
  BOOLEAN: 'bool',
  LIST: 'list',
  STRUCT: 'struct',
  TASK_FINAL_STATUS: 'struct',
  TASK_CONFIG: 'struct',
};

/** A task whose input parameters are checked: its path, location and input specs (for messages). */
export interface TypedInputs {
  readonly taskPath: string;
  readonly where: string;
  readonly inputs: Readonly<Record<string, TaskParameterInput>>;
}

/**
 * The values a task receives for its declared input parameters, by KFP's backend rule (driver
 * input resolution): a STRING input takes any other value as text (`parameterText`); every other
 * type takes only values of its kind (an integer input takes any number). A null reaches an
 * optional input as it is (the backend's "set to null by the driver"); a required STRING input
 * gets "" for it. Anything else throws SKIFF_INPUT_TYPE naming the input, the declared type, the
 * value's kind and where the value came from.
 */
export function applyInputTypes(
  task: TypedInputs,
  declared: Readonly<Record<string, ParameterSpec>>,
  values: Readonly<Record<string, JsonValue>>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { ...values };
  for (const [name, value] of Object.entries(values)) {
    const spec = declared[name];
    if (!spec) continue;
    const kind = kindOf(value);
    if (kind === 'null' && spec.isOptional) continue;
    if (spec.type === 'STRING') {
      if (kind !== 'string') out[name] = parameterText(value);
      continue;
    }
    if (ACCEPTS[spec.type] !== kind) throw mismatch(task, name, spec.type, value, kind);
  }
  return out;
}

function mismatch(
  task: TypedInputs,
  name: string,
  type: ParameterType,
  value: JsonValue,
  kind: ValueKind,
): SkiffError {
  const shown = JSON.stringify(value);
  const sample = shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  return new SkiffError(
    'SKIFF_INPUT_TYPE',
    `task "${task.taskPath}" input parameter "${name}" is declared ${type} but receives a ${kind} (${sample}) from ${origin(task.inputs[name])}; KFP's backend refuses it too ("type mismatch: expect ${type}, got ${kind}")`,
    { location: `${task.where}.inputs.parameters.${name}` },
  );
}

function origin(input: TaskParameterInput | undefined): string {
  if (!input) return 'its default value';
  const selector = input.expressionSelector
    ? ` through the selector ${JSON.stringify(input.expressionSelector)}`
    : '';
  const source = input.source;
  switch (source.kind) {
    case 'constant':
      return `the task's constant value${selector}`;
    case 'componentInput':
      return `the enclosing component's input "${source.name}"${selector}`;
    case 'taskOutput':
      return `output "${source.key}" of task "${source.task}"${selector}`;
    case 'taskFinalStatus':
      return `the final status of task "${source.task}"`;
  }
}
