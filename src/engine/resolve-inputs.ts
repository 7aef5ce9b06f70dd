import { SkiffError } from '../errors/index.js';
import { parameterText } from '../ir/index.js';
import type { ComponentSpec, JsonValue, ParameterSource, TaskSpec } from '../ir/types.js';
import type { ArtifactValue, IoValues } from '../metadata/records.js';
import { evaluateCel } from './cel.js';
import { applyInputTypes } from './input-types.js';
import { substitutePipelinePlaceholders } from './pipeline-placeholders.js';
import type { RunScope, TaskResult } from './run-scope.js';

/** What a task's inputs are resolved against. */
export interface InputContext {
  readonly scope: RunScope;
  /** Resolved inputs of the enclosing DAG component. */
  readonly parentInputs: IoValues;
  /** Results of the sibling tasks this task depends on, by task name. */
  readonly siblings: ReadonlyMap<string, TaskResult>;
  /** Location for messages, e.g. `root.dag.tasks.train`. */
  readonly where: string;
  readonly taskPath: string;
  /** Id the task's row has (or will have). */
  readonly taskId: string;
}

/** Resolve a task's input parameters and artifacts; missing required inputs throw SKIFF_INPUT_MISSING. */
export function resolveTaskInputs(ctx: InputContext, task: TaskSpec, component: ComponentSpec): IoValues {
  const parameters: Record<string, JsonValue> = {};
  for (const [name, input] of Object.entries(task.parameters)) {
    let value = resolveParameter(ctx, task, input.source, name);
    if (value !== undefined && input.expressionSelector) {
      value = selectExpression(input.expressionSelector, value, `${ctx.where}.inputs.parameters.${name}`);
    }
    if (value !== undefined) parameters[name] = value;
  }
  for (const [name, spec] of Object.entries(component.inputs.parameters)) {
    if (parameters[name] !== undefined) continue;
    if (spec.defaultValue !== undefined) parameters[name] = spec.defaultValue;
    else if (!spec.isOptional && spec.type !== 'TASK_FINAL_STATUS' && name in task.parameters) {
      throw missing(ctx, `parameter "${name}"`, `${ctx.where}.inputs.parameters.${name}`);
    }
  }
  const typed = applyInputTypes(
    { taskPath: ctx.taskPath, where: ctx.where, inputs: task.parameters },
    component.inputs.parameters,
    parameters,
  );
  const artifacts: Record<string, readonly ArtifactValue[]> = {};
  for (const [name, source] of Object.entries(task.artifacts)) {
    const list =
      source.kind === 'componentInput'
        ? ctx.parentInputs.artifacts[source.name]
        : ctx.siblings.get(source.task)?.outputs.artifacts[source.key];
    if (list && list.length > 0) artifacts[name] = list;
    else if (
      component.inputs.artifacts[name] &&
      !component.inputs.artifacts[name].isOptional &&
      !task.iterator
    ) {
      throw missing(ctx, `artifact "${name}"`, `${ctx.where}.inputs.artifacts.${name}`);
    }
  }
  return { parameters: typed, artifacts };
}

function missing(ctx: InputContext, what: string, location: string): SkiffError {
  return new SkiffError(
    'SKIFF_INPUT_MISSING',
    `task "${ctx.taskPath}" has no value for input ${what}: its producer did not run or did not write it`,
    { location },
  );
}

function resolveParameter(
  ctx: InputContext,
  task: TaskSpec,
  source: ParameterSource,
  name: string,
): JsonValue | undefined {
  switch (source.kind) {
    case 'constant':
      return typeof source.value === 'string'
        ? substitutePipelinePlaceholders(source.value, {
            ...ctx.scope.placeholders,
            taskName: task.displayName,
            taskUuid: ctx.taskId,
          })
        : source.value;
    case 'componentInput':
      return ctx.parentInputs.parameters[source.name];
    case 'taskOutput':
      return ctx.siblings.get(source.task)?.outputs.parameters[source.key];
    case 'taskFinalStatus': {
      const producer = ctx.siblings.get(source.task);
      if (!producer) throw missing(ctx, `parameter "${name}"`, `${ctx.where}.inputs.parameters.${name}`);
      return finalStatus(ctx, producer);
    }
  }
}

/** KFP `PipelineTaskFinalStatus` as the executor receives it. */
function finalStatus(ctx: InputContext, producer: TaskResult): JsonValue {
  const failed = producer.state === 'FAILED' || producer.upstreamFailed;
  // KFP's backend reports the MLMD execution state: COMPLETE for a task that succeeded.
  const state =
    producer.upstreamFailed || producer.state === 'FAILED'
      ? 'FAILED'
      : producer.state === 'SUCCEEDED' || producer.state === 'CACHED'
        ? 'COMPLETE'
        : producer.state;
  return {
    state,
    pipelineJobResourceName: ctx.scope.placeholders.jobResourceName,
    pipelineTaskName: producer.name,
    error: failed
      ? { code: 2, message: producer.error ?? `task ${producer.name} failed` }
      : producer.state === 'CANCELED'
        ? { code: 1, message: 'canceled' }
        : {},
  };
}

/** Apply a KFP `parameterExpressionSelector` (CEL over the value's `*_value` fields). */
export function selectExpression(expression: string, value: JsonValue, where: string): JsonValue {
  const bindings: Record<string, JsonValue> = {
    // Text as the backend makes it (the value converted to STRING, e.g. a loop item of a `list` output).
    string_value: parameterText(value),
  };
  if (typeof value === 'number') bindings.number_value = value;
  if (typeof value === 'boolean') bindings.bool_value = value;
  if (Array.isArray(value)) bindings.list_value = value;
  else if (value !== null && typeof value === 'object') bindings.struct_value = value;
  return evaluateCel(expression, bindings, where);
}
