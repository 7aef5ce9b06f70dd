import { isSkiffError } from '../errors/index.js';
import type { ComponentSpec, TaskSpec } from '../ir/types.js';
import { FINAL_TASK_STATES, type IoValues, type TaskKind } from '../metadata/records.js';
import { evaluateCel } from './cel.js';
import type { DagPlace, DagRunner } from './dag-types.js';
import { executeContainer } from './execute-container.js';
import { executeImporter } from './execute-importer.js';
import { executeLoop } from './execute-loop.js';
import { resolveTaskInputs } from './resolve-inputs.js';
import { maxAttempts } from './retry-policy.js';
import { NO_VALUES, type RunScope, recordUnstartedTask, type TaskResult, TaskRow } from './run-scope.js';

/** A task to run inside a DAG, with the DAG's inputs and its finished upstream siblings. */
export interface TaskCall {
  readonly task: TaskSpec;
  readonly inputs: IoValues;
  readonly siblings: ReadonlyMap<string, TaskResult>;
  readonly place: DagPlace;
  readonly runDag: DagRunner;
}

function kindOf(scope: RunScope, task: TaskSpec, component: ComponentSpec): TaskKind {
  if (component.kind === 'dag') return task.iterator ? 'loop' : 'dag';
  return scope.spec.executors[component.executorLabel]?.kind === 'importer' ? 'importer' : 'container';
}

/** Run one task of a DAG to its end: upstream check, resume, inputs, condition, then its kind. */
export async function executeTask(scope: RunScope, call: TaskCall): Promise<TaskResult> {
  const { task, place } = call;
  const component = scope.spec.components[task.componentRef]!;
  const path = place.path ? `${place.path}.${task.name}` : task.name;
  const where = `${place.where}.tasks.${task.name}`;
  const kind = kindOf(scope, task, component);
  const base = { path, parentPath: place.path, name: task.name, kind };

  if (scope.signal.aborted)
    return recordUnstartedTask(scope, base, 'CANCELED', 'run canceled before the task started');
  if (task.strategy === 'ALL_UPSTREAM_TASKS_SUCCEEDED') {
    const bad = [...call.siblings.values()].find(
      (r) => r.state === 'FAILED' || r.state === 'CANCELED' || r.upstreamFailed,
    );
    if (bad) {
      const reason = `not run: upstream task "${bad.name}" ${bad.upstreamFailed ? 'did not run' : bad.state.toLowerCase()}`;
      const result = await recordUnstartedTask(scope, base, 'SKIPPED', reason);
      return { ...result, upstreamFailed: true };
    }
  }

  const existing = scope.existing.get(path);
  if (existing && FINAL_TASK_STATES.has(existing.state) && existing.state !== 'CANCELED') {
    return {
      taskId: existing.id,
      name: task.name,
      state: existing.state,
      outputs: existing.outputs ?? NO_VALUES,
      upstreamFailed: false,
      error: existing.error,
    };
  }

  const id = existing?.id ?? scope.deps.newId();
  let row: TaskRow | undefined;
  try {
    const inputs = resolveTaskInputs(
      { scope, parentInputs: call.inputs, siblings: call.siblings, where, taskPath: path, taskId: id },
      task,
      component,
    );
    if (task.condition !== undefined) {
      const pass = evaluateCel(
        task.condition,
        { inputs: { parameter_values: inputs.parameters } },
        `${where}.triggerPolicy.condition`,
      );
      if (pass !== true) {
        return recordUnstartedTask(
          scope,
          { ...base, id },
          'SKIPPED',
          `condition is false: ${task.condition}`,
        );
      }
    }
    const init = { ...base, id, inputs, maxAttempts: maxAttempts(task.retryPolicy) };
    // A new container task's row is written with its first attempt, in one commit (executeContainer).
    row = kind === 'container' ? await TaskRow.prepare(scope, init) : await TaskRow.open(scope, init);
    if (component.kind === 'dag') {
      if (task.iterator)
        return await executeLoop(scope, row, { task, component, inputs, where, runDag: call.runDag });
      const dag = await call.runDag(scope, component, inputs, {
        path,
        where: `components.${component.name}.dag`,
      });
      return await row.finish(dag.state, dag.outputs, dag.error);
    }
    const executor = scope.spec.executors[component.executorLabel]!;
    if (executor.kind === 'importer') return await executeImporter(scope, row, executor, component, inputs);
    return await executeContainer(scope, row, {
      task,
      component,
      container: executor,
      inputs,
      dagInputs: call.inputs,
      siblings: call.siblings,
    });
  } catch (error) {
    // The metadata store's disk is full: the run stops where it is (`skiff resume` continues it once
    // space is freed). Recording the task FAILED would turn what happened into a failure whenever a
    // small write still fits (PostgreSQL updates a row in its page, where a new row finds no room).
    if (isSkiffError(error) && error.code === 'SKIFF_DISK_FULL') throw error;
    const message = isSkiffError(error)
      ? `${error.code}: ${error.message}`
      : `SKIFF_INTERNAL: ${String(error)}`;
    if (!isSkiffError(error))
      scope.deps.log.error({ runId: scope.run.id, task: path, err: error }, 'task crashed');
    if (row) return row.finish('FAILED', NO_VALUES, message);
    return recordUnstartedTask(scope, { ...base, id }, 'FAILED', message);
  }
}
