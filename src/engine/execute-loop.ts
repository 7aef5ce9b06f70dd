import type { ComponentSpec, TaskSpec } from '../ir/types.js';
import { FINAL_TASK_STATES, type IoValues } from '../metadata/records.js';
import { collectIterations } from './dag-outputs.js';
import type { DagRunner } from './dag-types.js';
import { loopItems } from './loop-items.js';
import { NO_VALUES, type RunScope, type TaskResult, TaskRow } from './run-scope.js';

const MIN_WINDOW = 32;
const WINDOW_PER_SLOT = 8;

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
  // Iterations in flight: the loop's parallelismLimit, else a window wide enough to keep every
  // process slot busy. Each loop has its own window (no deadlock across nested loops), and memory
  // stays flat however many items there are: an iteration's state exists only while it runs.
  const window =
    call.task.parallelismLimit && call.task.parallelismLimit > 0
      ? call.task.parallelismLimit
      : Math.max(MIN_WINDOW, scope.deps.options.maxParallelTasks * WINDOW_PER_SLOT);
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

  const results: TaskResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await runIteration(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, worker));
  const failed = results.filter((r) => r.state === 'FAILED');
  const canceled = results.some((r) => r.state === 'CANCELED');
  const ok = results.filter((r) => r.state === 'SUCCEEDED' || r.state === 'CACHED');
  const state = failed.length > 0 ? 'FAILED' : canceled ? 'CANCELED' : 'SUCCEEDED';
  const error = failed.length > 0 ? `${failed.length} of ${results.length} iterations failed` : null;
  return row.finish(state, collectIterations(ok), error);
}
