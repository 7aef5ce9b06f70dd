import type { DagSpec, JsonValue, OutputRef } from '../ir/types.js';
import type { ArtifactValue, IoValues } from '../metadata/records.js';
import type { TaskResult } from './run-scope.js';

function ran(result: TaskResult | undefined): result is TaskResult {
  return result !== undefined && (result.state === 'SUCCEEDED' || result.state === 'CACHED');
}

function parameterOf(results: ReadonlyMap<string, TaskResult>, ref: OutputRef): JsonValue | undefined {
  const result = results.get(ref.task);
  return ran(result) ? result.outputs.parameters[ref.key] : undefined;
}

/** Gather a DAG's outputs from its tasks' results; a OneOf takes the first branch that ran. */
export function dagOutputs(dag: DagSpec, results: ReadonlyMap<string, TaskResult>): IoValues {
  const parameters: Record<string, JsonValue> = {};
  for (const [name, output] of Object.entries(dag.parameterOutputs)) {
    const refs = output.kind === 'single' ? [output.from] : output.from;
    for (const ref of refs) {
      const value = parameterOf(results, ref);
      if (value !== undefined) {
        parameters[name] = value;
        break;
      }
    }
  }
  const artifacts: Record<string, readonly ArtifactValue[]> = {};
  for (const [name, output] of Object.entries(dag.artifactOutputs)) {
    for (const ref of output.from) {
      const result = results.get(ref.task);
      const list = ran(result) ? result.outputs.artifacts[ref.key] : undefined;
      if (list && list.length > 0) {
        artifacts[name] = list;
        break;
      }
    }
  }
  return { parameters, artifacts };
}

/** Outputs of a loop: each output of the body, collected over the iterations that produced it. */
export function collectIterations(iterations: readonly TaskResult[]): IoValues {
  const parameters: Record<string, JsonValue[]> = {};
  const artifacts: Record<string, ArtifactValue[]> = {};
  for (const iteration of iterations) {
    for (const [name, value] of Object.entries(iteration.outputs.parameters)) {
      const list = parameters[name] ?? [];
      list.push(value);
      parameters[name] = list;
    }
    for (const [name, list] of Object.entries(iteration.outputs.artifacts)) {
      const collected = artifacts[name] ?? [];
      for (const artifact of list) collected.push(artifact);
      artifacts[name] = collected;
    }
  }
  return { parameters, artifacts };
}
