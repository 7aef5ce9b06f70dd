import { setMaxListeners } from 'node:events';
import { SkiffError } from '../errors/index.js';
import type { PipelineSpec } from '../ir/types.js';
import { FINAL_RUN_STATES, type RunRecord } from '../metadata/records.js';
import { loadCelFor } from './cel.js';
import type { EngineDeps } from './engine-deps.js';
import { executeDag } from './execute-dag.js';
import type { StorageCheck } from './ports.js';
import type { RunScope } from './run-scope.js';
import { Semaphore } from './semaphore.js';

/** A run to execute (new, or resumed after a crash). */
export interface ExecuteRunInput {
  readonly run: RunRecord;
  readonly spec: PipelineSpec;
  /** Aborting cancels the run: processes are terminated and the run ends CANCELED. */
  readonly signal: AbortSignal;
}

/** The Kubernetes-style resource name of a run: `<pipeline-name>-<first 8 of the run id>`. */
export function runResourceName(run: Pick<RunRecord, 'id' | 'pipelineName'>): string {
  const base =
    run.pipelineName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'run';
  return `${base}-${run.id.replace(/-/g, '').slice(0, 8)}`;
}

/**
 * Execute a run to its end. Tasks already finished in the store are not run again, and an
 * attempt found RUNNING (its process lost in a crash) is recorded as failed and retried.
 */
export async function executeRun(deps: EngineDeps, input: ExecuteRunInput): Promise<RunRecord> {
  const { spec, signal } = input;
  // Every attempt in flight listens to the run's signal (its process, its storage calls): more than
  // Node's default of 10 is the design, not a leak, and must not print a warning.
  setMaxListeners(0, signal);
  const run = await deps.metadata.runs.get(input.run.id);
  if (!run) throw new SkiffError('SKIFF_RUN_NOT_FOUND', `run "${input.run.id}" is not in the metadata store`);
  if (FINAL_RUN_STATES.has(run.state)) {
    throw new SkiffError('SKIFF_RUN_FINISHED', `run "${run.id}" already ended ${run.state}`);
  }
  await loadCelFor(spec);
  const startedAtMs = run.startedAtMs ?? deps.clock.nowMs();
  const check = await untilCanceled(deps.storage?.check(run.pipelineRoot, signal), signal);
  if (check !== undefined && !check.ok) return failBeforeStart(deps, run, startedAtMs, check);
  const storage = check?.storage ?? run.storage;
  if (storage) deps.log.info({ runId: run.id, storage }, 'run storage resolved');
  await deps.metadata.runs.update(run.id, { state: 'RUNNING', startedAtMs, storage });
  deps.onEvent?.({
    type: 'run',
    runId: run.id,
    state: 'RUNNING',
    displayName: run.displayName,
    startedAtMs,
    ...(storage ? { storage } : {}),
  });

  const onAbort = () => {
    void deps.metadata.runs.update(run.id, { state: 'CANCELING' }).then(
      () => deps.onEvent?.({ type: 'run', runId: run.id, state: 'CANCELING', displayName: run.displayName }),
      (err: unknown) => deps.log.error({ runId: run.id, err }, 'could not record CANCELING'),
    );
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const tasks = await deps.metadata.tasks.listByRun(run.id);
  const existing = new Map(tasks.map((t) => [t.path, t]));
  // A run retry moves the tasks it resets to a new round; the newest round is the run's current one.
  const retryRound = tasks.reduce((round, t) => Math.max(round, t.retryRound), 0);
  const createTimeUtc = new Date(run.createdAtMs).toISOString();
  const scope: RunScope = {
    deps,
    run,
    spec,
    signal,
    slots: new Semaphore(deps.options.maxParallelTasks * 2),
    processSlots: deps.processSlots ?? new Semaphore(deps.options.maxParallelTasks),
    existing,
    retryRound,
    cacheEnabled: deps.options.cache && run.options.cache !== false,
    placeholders: {
      jobName: run.displayName,
      jobResourceName: runResourceName(run),
      jobUuid: run.id,
      pipelineRoot: run.pipelineRoot,
      createTimeUtc,
      scheduleTimeUtc: new Date(run.scheduledAtMs).toISOString(),
      workspacePath: `${deps.options.workspaceRoot.replace(/\/+$/, '')}/${run.id}`,
    },
  };
  try {
    const dag = await executeDag(
      scope,
      spec.root,
      { parameters: run.arguments, artifacts: {} },
      { path: null, where: 'root.dag' },
    );
    const state = signal.aborted ? 'CANCELED' : dag.state;
    const finishedAtMs = deps.clock.nowMs();
    await deps.metadata.runs.update(run.id, { state, finishedAtMs, outputs: dag.outputs, error: dag.error });
    await deps.runner.endRun?.(run.id, state);
    deps.onEvent?.({
      type: 'run',
      runId: run.id,
      state,
      displayName: run.displayName,
      startedAtMs,
      finishedAtMs,
      error: dag.error,
    });
    return { ...run, state, startedAtMs, finishedAtMs, outputs: dag.outputs, error: dag.error, storage };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * The storage check, or a failed check with SKIFF_EXEC_CANCELED as soon as the run is canceled: a
 * storage call that never returns (a hung mount) must not keep a canceled run alive.
 */
function untilCanceled(
  check: Promise<StorageCheck> | undefined,
  signal: AbortSignal,
): Promise<StorageCheck> | undefined {
  if (check === undefined) return undefined;
  let onAbort = () => {};
  const canceled = new Promise<StorageCheck>((resolve) => {
    onAbort = () =>
      resolve({
        ok: false,
        storage: null,
        error: new SkiffError(
          'SKIFF_EXEC_CANCELED',
          'the run was canceled while its pipeline root was checked',
        ),
      });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([check, canceled]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** End a run whose storage check failed: FAILED (CANCELED when canceled), no task started, the error and what was resolved kept. */
async function failBeforeStart(
  deps: EngineDeps,
  run: RunRecord,
  startedAtMs: number,
  check: Extract<StorageCheck, { ok: false }>,
): Promise<RunRecord> {
  const finishedAtMs = deps.clock.nowMs();
  const { error } = check;
  const message = `${error.code}: ${error.message} Fix: ${error.fix}`;
  const patch = {
    state: error.code === 'SKIFF_EXEC_CANCELED' ? 'CANCELED' : 'FAILED',
    startedAtMs,
    finishedAtMs,
    error: message,
    storage: check.storage ?? run.storage,
  } as const;
  await deps.metadata.runs.update(run.id, patch);
  deps.log.error({ runId: run.id, code: error.code }, 'storage check failed; no task started');
  deps.onEvent?.({
    type: 'run',
    runId: run.id,
    state: patch.state,
    displayName: run.displayName,
    startedAtMs,
    finishedAtMs,
    error: message,
  });
  return { ...run, ...patch };
}
