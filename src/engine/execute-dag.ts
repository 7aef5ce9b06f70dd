import { upstreamOf } from '../ir/index.js';
import type { ComponentSpec } from '../ir/types.js';
import type { IoValues } from '../metadata/records.js';
import { dagOutputs } from './dag-outputs.js';
import type { DagPlace, DagResult } from './dag-types.js';
import { executeTask } from './execute-task.js';
import type { RunScope, TaskResult } from './run-scope.js';

/** Run every task of a DAG as soon as its upstream tasks end, then gather its outputs. */
export async function executeDag(
  scope: RunScope,
  component: ComponentSpec & { readonly kind: 'dag' },
  inputs: IoValues,
  place: DagPlace,
): Promise<DagResult> {
  const tasks = component.dag.tasks;
  const started = new Map<string, Promise<TaskResult>>();
  const results = new Map<string, TaskResult>();

  const start = (name: string): Promise<TaskResult> => {
    let promise = started.get(name);
    if (promise) return promise;
    const task = tasks[name]!;
    promise = (async () => {
      const upstream = await Promise.all(upstreamOf(task).map(start));
      const siblings = new Map(upstream.map((r) => [r.name, r]));
      const result = await executeTask(scope, { task, inputs, siblings, place, runDag: executeDag });
      results.set(name, result);
      return result;
    })();
    started.set(name, promise);
    return promise;
  };
  await Promise.all(Object.keys(tasks).map(start));

  const all = [...results.values()];
  const failed = all.find((r) => r.state === 'FAILED');
  const canceled = all.some((r) => r.state === 'CANCELED') || scope.signal.aborted;
  const state = failed ? 'FAILED' : canceled ? 'CANCELED' : 'SUCCEEDED';
  const error = failed ? `task "${failed.name}" failed` : null;
  return { state, outputs: dagOutputs(component.dag, results), error };
}
