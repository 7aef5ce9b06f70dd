import type { ComponentSpec, TaskSpec } from '../ir/types.js';
import { FINAL_TASK_STATES, type IoValues } from '../metadata/records.js';
import { collectIterations } from './dag-outputs.js';
import type { DagRunner } from './dag-types.js';
import { loopItems } from './loop-items.js';
import { NO_VALUES, type RunScope, type TaskResult, TaskRow } from './run-scope.js';
import { Semaphore } from './semaphore.js';

/** A ParallelFor task: its body component and resolved inputs. */
export interface LoopCall {
  readonly task: TaskSpec;
  readonly component: ComponentSpec & { readonly kind: 'dag' };
  readonly inputs: IoValues;
  readonly where: string;
  readonly runDag: DagRunner;
}

/** Run each iteration of a ParallelFor (at most `parallelismLimit` at once) and collect outputs. */
export async function executeLoop(scope: RunScope, row: TaskRow, call: LoopCall): Promise<TaskResult> {
  const iterator = call.task.iterator!;
  const items = loopItems(iterator, call.inputs, call.where);
  const limit =
    call.task.parallelismLimit && call.task.parallelismLimit > 0
      ? new Semaphore(call.task.parallelismLimit)
      : null;
  const path = row.record.path;

  const runIteration = async (index: number): Promise<TaskResult> => {
    const item = items[index]!;
    const iterationPath = `${path}[${index}]`;
    const existing = scope.existing.get(iterationPath);
    if (existing && FINAL_TASK_STATES.has(existing.state) && existing.state !== 'CANCELED') {
      return {
        taskId: existing.id,
        name: existing.name,
        state: existing.state,
        outputs: existing.outputs ?? NO_VALUES,
        upstreamFailed: false,
        error: existing.error,
      };
    }
    const inputs: IoValues =
      item.kind === 'parameter'
        ? {
            parameters: { ...call.inputs.parameters, [iterator.itemInput]: item.value },
            artifacts: call.inputs.artifacts,
          }
        : {
            parameters: call.inputs.parameters,
            artifacts: { ...call.inputs.artifacts, [iterator.itemInput]: [item.value] },
          };
    const iterationRow = await TaskRow.open(scope, {
      id: existing?.id ?? scope.deps.newId(),
      path: iterationPath,
      parentPath: path,
      name: `${call.task.name}[${index}]`,
      kind: 'iteration',
      inputs,
      maxAttempts: 1,
    });
    const dag = await call.runDag(scope, call.component, inputs, {
      path: iterationPath,
      where: `components.${call.component.name}.dag`,
    });
    return iterationRow.finish(dag.state, dag.outputs, dag.error);
  };

  const results = await Promise.all(
    items.map((_, index) => (limit ? limit.with(() => runIteration(index)) : runIteration(index))),
  );
  const failed = results.filter((r) => r.state === 'FAILED');
  const canceled = results.some((r) => r.state === 'CANCELED');
  const ok = results.filter((r) => r.state === 'SUCCEEDED' || r.state === 'CACHED');
  const state = failed.length > 0 ? 'FAILED' : canceled ? 'CANCELED' : 'SUCCEEDED';
  const error = failed.length > 0 ? `${failed.length} of ${results.length} iterations failed` : null;
  return row.finish(state, collectIterations(ok), error);
}
