import type { AttemptRecord, RunRecord, TaskRecord } from '../../metadata/index.js';
import { apiLogUri } from '../log-uri.js';
import { isoTime } from './iso-time.js';

/** The largest time a Date holds, in ms from the epoch either way. */
const MAX_DATE_MS = 8.64e15;

/** RFC 3339 time of an epoch-ms value, as KFP writes timestamps; null stays absent. */
export function rfc3339(ms: number | null): string | undefined {
  // Past ±8.64e15 ms there is no Date (a schedule's next time far away): no time rather than a 500.
  return ms === null || !(Math.abs(ms) <= MAX_DATE_MS) ? undefined : isoTime(ms);
}

/** KFP's RuntimeState for a task state; a cache hit is SUCCEEDED (Skiff's own state is in skiff_state). */
function taskRuntimeState(state: TaskRecord['state']): string {
  return state === 'CACHED' ? 'SUCCEEDED' : state;
}

/** The parsed spec of a run for the `pipeline_spec` field (the stored text is YAML or JSON). */
export type SpecOf = (run: RunRecord) => unknown;

/**
 * A run as KFP v2beta1 JSON (`V2beta1Run`), optionally with `run_details.task_details`; lists pass no
 * `specOf` and leave `pipeline_spec` out (get the run for it), so a page stays small and fast.
 */
export function runJson(
  run: RunRecord,
  specOf: SpecOf | undefined,
  details?: { tasks: readonly TaskRecord[]; attempts: ReadonlyMap<string, readonly AttemptRecord[]> },
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    run_id: run.id,
    display_name: run.displayName,
    description: run.description,
    storage_state: run.storageState,
    runtime_config: { parameters: run.arguments, pipeline_root: run.pipelineRoot },
    state: run.state,
    created_at: rfc3339(run.createdAtMs),
    scheduled_at: rfc3339(run.scheduledAtMs),
    finished_at: rfc3339(run.finishedAtMs),
    service_account: '',
  };
  if (run.experimentId !== null) json.experiment_id = run.experimentId;
  if (run.pipelineVersion !== null) {
    json.pipeline_version_reference = {
      pipeline_id: run.pipelineVersion.pipelineId,
      pipeline_version_id: run.pipelineVersion.pipelineVersionId,
    };
  } else if (specOf !== undefined) {
    json.pipeline_spec = specOf(run);
  }
  if (run.recurringRunId !== null) json.recurring_run_id = run.recurringRunId;
  if (run.error !== null) json.error = { code: 2, message: run.error, details: [] };
  if (run.storage !== null) json.skiff_storage = run.storage;
  if (details) {
    const idOf = new Map(details.tasks.map((task) => [task.path, task.id]));
    const children = new Map<string, { task_id: string }[]>();
    for (const task of details.tasks) {
      if (task.parentPath === null) continue;
      children.set(task.parentPath, [...(children.get(task.parentPath) ?? []), { task_id: task.id }]);
    }
    const family = { idOf, children };
    json.run_details = {
      pipeline_context_id: '0',
      pipeline_run_context_id: '0',
      task_details: details.tasks.map((task) =>
        taskJson(run, task, details.attempts.get(task.id) ?? [], family),
      ),
    };
  }
  return json;
}

function taskJson(
  run: RunRecord,
  task: TaskRecord,
  attempts: readonly AttemptRecord[],
  family: { idOf: ReadonlyMap<string, string>; children: ReadonlyMap<string, { task_id: string }[]> },
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    run_id: run.id,
    task_id: task.id,
    display_name: task.path,
    create_time: rfc3339(task.createdAtMs),
    start_time: rfc3339(task.startedAtMs),
    end_time: rfc3339(task.finishedAtMs),
    state: taskRuntimeState(task.state),
    skiff_state: task.state,
    skiff_kind: task.kind,
    parent_task_id: task.parentPath === null ? undefined : family.idOf.get(task.parentPath),
    child_tasks: family.children.get(task.path) ?? [],
    inputs: task.inputs ?? undefined,
    outputs: task.outputs ?? undefined,
    skiff_attempts: attempts.map((attempt) => ({
      number: attempt.number,
      state: attempt.state,
      start_time: rfc3339(attempt.startedAtMs),
      end_time: rfc3339(attempt.finishedAtMs),
      exit_code: attempt.exitCode ?? undefined,
      failure_kind: attempt.failureKind ?? undefined,
      message: attempt.message ?? undefined,
      log_uri: attempt.logUri === null ? undefined : apiLogUri(attempt.logUri),
      next_retry_time: rfc3339(attempt.nextRetryAtMs),
      retry_round: attempt.retryRound,
    })),
  };
  if (task.error !== null) json.error = { code: 2, message: task.error, details: [] };
  return json;
}
