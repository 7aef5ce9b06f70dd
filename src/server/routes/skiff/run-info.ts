import type { FastifyInstance } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import { rfc3339, runJson } from '../../kfp/run-json.js';
import type { ServerDeps } from '../../server-deps.js';

type RunParams = { run_id: string };
type TaskParams = RunParams & { task_id: string };

/**
 * Skiff API for a run's details page, so it never downloads the run's whole task list again:
 * `GET /apis/skiff/v1/runs/{run_id}` is the run as KFP JSON without `run_details`, always with its
 * `pipeline_spec` (also for a run of a pipeline version, to draw its graph), and
 * `GET /apis/skiff/v1/runs/{run_id}/tasks/{task}` is one task (by id or path) with its inputs and outputs.
 */
export function runInfoRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;

  app.get<{ Params: RunParams }>('/apis/skiff/v1/runs/:run_id', async (request) => {
    const run = await metadata.runs.get(request.params.run_id);
    if (!run) throw notFound(request.params.run_id);
    const spec = await deps.specs.run({ kind: 'object', text: run.specText });
    return { ...runJson(run, undefined), pipeline_spec: spec, started_at: rfc3339(run.startedAtMs) ?? null };
  });

  app.get<{ Params: TaskParams }>('/apis/skiff/v1/runs/:run_id/tasks/:task_id', async (request) => {
    const { run_id: runId, task_id: taskId } = request.params;
    const [run, tasks] = await Promise.all([metadata.runs.get(runId), metadata.tasks.listByRun(runId)]);
    if (!run) throw notFound(runId);
    const task = tasks.find((t) => t.id === taskId || t.path === taskId);
    if (!task) {
      throw new SkiffError('SKIFF_API_NOT_FOUND', `run ${run.id} has no task with id or path "${taskId}"`, {
        location: 'task_id',
      });
    }
    return {
      run_id: run.id,
      task_id: task.id,
      path: task.path,
      parent_path: task.parentPath,
      name: task.name,
      kind: task.kind,
      state: task.state,
      create_time: rfc3339(task.createdAtMs) ?? null,
      start_time: rfc3339(task.startedAtMs) ?? null,
      end_time: rfc3339(task.finishedAtMs) ?? null,
      max_attempts: task.maxAttempts,
      cached_from: task.cachedFrom,
      error: task.error,
      inputs: task.inputs ?? { parameters: {}, artifacts: {} },
      outputs: task.outputs ?? { parameters: {}, artifacts: {} },
    };
  });
}

function notFound(runId: string): SkiffError {
  return new SkiffError('SKIFF_API_NOT_FOUND', `no run has id "${runId}"`, { location: 'run_id' });
}
