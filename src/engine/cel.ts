import type { JsonValue, PipelineSpec } from '../ir/types.js';

type CelProgram = typeof import('./cel-program.js');
let program: CelProgram | undefined;

/** True when a task of `spec` has a trigger condition or a parameter expression selector. */
export function usesCel(spec: PipelineSpec): boolean {
  for (const component of [spec.root, ...Object.values(spec.components)]) {
    if (component.kind !== 'dag') continue;
    for (const task of Object.values(component.dag.tasks)) {
      if (task.condition !== undefined) return true;
      for (const input of Object.values(task.parameters)) if (input.expressionSelector) return true;
    }
  }
  return false;
}

/**
 * Loads the CEL evaluator when `spec` needs it (conditions, selectors). Loading the CEL library
 * costs ~0.1 s of CPU, which runs without either never pay.
 */
export async function loadCelFor(spec: PipelineSpec): Promise<void> {
  if (program === undefined && usesCel(spec)) program = await import('./cel-program.js');
}

/**
 * Evaluate a CEL expression over JSON bindings; returns its JSON value. Throws SKIFF_CONDITION_EVAL.
 * The evaluator must have been loaded (`loadCelFor` of the run's spec).
 */
export function evaluateCel(
  expression: string,
  bindings: Record<string, JsonValue>,
  where: string,
): JsonValue {
  if (program === undefined)
    throw new Error(`${where}: the CEL evaluator was not loaded for this pipeline (a bug)`);
  return program.evaluateCel(expression, bindings, where);
}
