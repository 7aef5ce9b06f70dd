import type { ComponentSpec, ContainerSpec, TaskSpec } from '../ir/types.js';
import type { ArtifactEvent, AttemptRecord, IoValues } from '../metadata/records.js';
import { cacheKeyOf } from './cache-key.js';
import { isLostAttempt, LOST_PREFIX } from './lost-attempt.js';
import type { AttemptOutcome, AttemptRequest } from './ports.js';
import { nextRetryAtMs } from './retry-policy.js';
import { NO_VALUES, type RunScope, type TaskResult, type TaskRow } from './run-scope.js';

/** A container task ready to run. */
export interface ContainerCall {
  readonly task: TaskSpec;
  readonly component: ComponentSpec & { readonly kind: 'executor' };
  readonly container: ContainerSpec;
  readonly inputs: IoValues;
  /** The enclosing DAG's inputs and the finished upstream siblings (for platform config names). */
  readonly dagInputs: IoValues;
  readonly siblings: ReadonlyMap<string, TaskResult>;
}

/** Run a container task: reuse a cache hit, else make attempts until one succeeds or retries run out. */
export async function executeContainer(
  scope: RunScope,
  row: TaskRow,
  call: ContainerCall,
): Promise<TaskResult> {
  const { deps } = scope;
  const useCache = scope.cacheEnabled && call.task.enableCache;
  // The key is computed only when it can be used (hashing every input costs time on short tasks).
  const cacheKey = !useCache
    ? null
    : cacheKeyOf({
        componentName: call.task.componentRef,
        cacheKey: call.task.cacheKey,
        container: call.container,
        inputs: call.inputs,
        outputs: call.component.outputs,
      });
  if (cacheKey !== null) {
    const hit = await deps.metadata.cache.get(scope.run.pipelineName, cacheKey);
    if (hit) {
      await row.write();
      await recordLineage(scope, row.id, call.inputs, hit.outputs, false);
      return row.finish('CACHED', hit.outputs, null, { cacheKey, cachedFrom: hit.taskId });
    }
  }

  // Only a task found in the store (a resumed or retried run) can have attempts already. Numbers go
  // on across run retries (earlier logs stay apart); only attempts of the task's current round count
  // against its retry policy, so a run retry gives the task its whole budget and window again.
  const earlier = scope.existing.has(row.record.path) ? await deps.metadata.attempts.listByTask(row.id) : [];
  const round = row.record.retryRound;
  const previous = earlier.filter((a) => a.retryRound === round);
  const upTo = { maxAttempts: earlier.length - previous.length + row.record.maxAttempts };
  let firstStartMs = previous[0]?.startedAtMs ?? null;
  let number = earlier.at(-1)?.number ?? 0;
  let made = previous.length;
  // Attempts lost to a crash of Skiff itself do not use up the task's retries.
  let lost = previous.filter(isLostAttempt).length;
  const last = earlier.at(-1);
  // An attempt still running when Skiff stopped: a runner that can find its work again (a pod)
  // follows it to its end; otherwise it is recorded as lost and the task runs again.
  let resumed = last && last.state === 'RUNNING' ? last : undefined;
  if (resumed && deps.runner.adopt === undefined) {
    await loseAttempt(scope, row, resumed, upTo);
    if (resumed.retryRound === round) lost++;
    firstStartMs = null;
    resumed = undefined;
  } else if (last && last.state === 'FAILED' && last.retryRound === round) {
    // Stopped between a failed attempt and its retry: keep the decision that was recorded.
    if (last.nextRetryAtMs === null) return row.finish('FAILED', NO_VALUES, last.message, { cacheKey });
    if (!(await waitUntil(scope, last.nextRetryAtMs))) {
      return row.finish('CANCELED', NO_VALUES, 'run canceled while waiting to retry', { cacheKey });
    }
  }

  for (;;) {
    const adopting = resumed;
    resumed = undefined;
    if (adopting === undefined) {
      number++;
      made++;
    }
    // A new task whose first attempt can start at once is written with it (one commit); one that
    // must wait for a slot is written first, so it shows as running meanwhile.
    let release = row.written ? undefined : scope.slots.tryAcquire();
    if (release === undefined) {
      await row.write();
      release = await scope.slots.acquire();
    }
    let outcome: AttemptOutcome;
    let attempt: AttemptRecord;
    try {
      if (scope.signal.aborted) return await row.finish('CANCELED', NO_VALUES, 'run canceled', { cacheKey });
      const startedAtMs = adopting?.startedAtMs ?? deps.clock.nowMs();
      firstStartMs ??= startedAtMs;
      const request = attemptRequest(scope, row, call, number);
      if (adopting !== undefined) {
        attempt = adopting;
        const adopted = await deps.runner.adopt?.(request);
        if (adopted === undefined) {
          // Nothing left to follow: lost, as with a runner that cannot adopt; the task runs again at once.
          await loseAttempt(scope, row, adopting, upTo);
          if (adopting.retryRound === round) lost++;
          firstStartMs = null;
          continue;
        }
        outcome = adopted;
      } else {
        attempt = {
          taskId: row.id,
          runId: scope.run.id,
          number,
          state: 'RUNNING',
          startedAtMs,
          finishedAtMs: null,
          exitCode: null,
          failureKind: null,
          message: null,
          logUri: deps.runner.liveLogPath(request.context),
          nextRetryAtMs: null,
          retryRound: round,
        };
        if (row.written) await deps.metadata.attempts.create(attempt);
        else await row.writeWithAttempt(attempt);
        emitAttempt(scope, row, attempt, upTo);
        row.emit({ state: 'RUNNING', attempt: number, ...upTo });
        outcome = await deps.runner.run(request);
      }
    } finally {
      release();
    }
    if (outcome.ok) {
      const succeeded = {
        state: 'SUCCEEDED',
        finishedAtMs: deps.clock.nowMs(),
        exitCode: outcome.exitCode,
        logUri: outcome.logUri ?? attempt.logUri,
        ...(outcome.note === undefined ? {} : { note: outcome.note }),
      } as const;
      if (cacheKey === null && !hasArtifacts(call.inputs) && !hasArtifacts(outcome.outputs)) {
        // Nothing to record in between: the attempt's end and the task's are written in the same
        // turn, so they commit together (one transaction) before the DAG learns of the result.
        const [, result] = await Promise.all([
          deps.metadata.attempts
            .update(row.id, number, succeeded)
            .then(() => emitAttempt(scope, row, { ...attempt, ...succeeded }, upTo)),
          row.finish('SUCCEEDED', outcome.outputs, null, { cacheKey }),
        ]);
        return result;
      }
      await deps.metadata.attempts.update(row.id, number, succeeded);
      emitAttempt(scope, row, { ...attempt, ...succeeded }, upTo);
      await recordLineage(scope, row.id, call.inputs, outcome.outputs, true);
      if (cacheKey !== null) {
        await deps.metadata.cache.put({
          pipelineName: scope.run.pipelineName,
          key: cacheKey,
          taskId: row.id,
          runId: scope.run.id,
          outputs: outcome.outputs,
          createdAtMs: deps.clock.nowMs(),
        });
      }
      return row.finish('SUCCEEDED', outcome.outputs, null, { cacheKey });
    }
    // One clock reading for the attempt's end and its backoff, so the recorded gap is the backoff.
    const endedAtMs = deps.clock.nowMs();
    const retryAt =
      outcome.kind === 'CANCELED' || scope.signal.aborted
        ? null
        : nextRetryAtMs(call.task.retryPolicy, made - lost, firstStartMs, endedAtMs);
    await endAttempt(scope, row, attempt, outcome, retryAt, upTo, endedAtMs);
    if (outcome.kind === 'CANCELED') return row.finish('CANCELED', NO_VALUES, outcome.message, { cacheKey });
    if (retryAt === null) return row.finish('FAILED', NO_VALUES, outcome.message, { cacheKey });
    if (!(await waitUntil(scope, retryAt))) {
      return row.finish('CANCELED', NO_VALUES, 'run canceled while waiting to retry', { cacheKey });
    }
  }
}

/** The request of attempt `number` of a container task. */
function attemptRequest(scope: RunScope, row: TaskRow, call: ContainerCall, number: number): AttemptRequest {
  const context = {
    runId: scope.run.id,
    pipelineName: scope.run.pipelineName,
    jobName: scope.placeholders.jobName,
    jobResourceName: scope.placeholders.jobResourceName,
    pipelineRoot: scope.run.pipelineRoot,
    jobCreateTimeMs: scope.run.createdAtMs,
    jobScheduleTimeMs: scope.run.scheduledAtMs,
    taskId: row.id,
    taskPath: row.record.path,
    taskName: call.task.displayName,
    attempt: number,
    workspacePath: scope.placeholders.workspacePath,
  };
  const kubernetes = scope.spec.kubernetes[call.component.executorLabel];
  return {
    context,
    component: call.component,
    container: call.container,
    inputs: call.inputs,
    platformScope: {
      dagParameters: call.dagInputs.parameters,
      upstreamOutputs: Object.fromEntries(
        [...call.siblings].map(([name, r]) => [name, r.outputs.parameters]),
      ),
    },
    signal: scope.signal,
    processSlot: scope.processSlots,
    ...(kubernetes ? { kubernetes } : {}),
    ...(scope.spec.workspace ? { workspace: scope.spec.workspace } : {}),
  };
}

/**
 * Record an attempt that was running when Skiff stopped as lost (SYSTEM, not counted against the
 * retry policy), after terminating whatever it left running: it must not write outputs or logs
 * alongside the next attempt.
 */
async function loseAttempt(
  scope: RunScope,
  row: TaskRow,
  attempt: AttemptRecord,
  upTo: { readonly maxAttempts: number },
): Promise<void> {
  if (attempt.logUri !== null) await scope.deps.runner.terminateLost?.(attempt.logUri);
  const outcome: AttemptOutcome & { ok: false } = {
    ok: false,
    kind: 'SYSTEM',
    message: `${LOST_PREFIX}: the attempt was running when Skiff stopped; its process is gone (executor lost); running the task again`,
    exitCode: null,
    logUri: attempt.logUri,
  };
  const lostAtMs = scope.deps.clock.nowMs();
  await endAttempt(scope, row, attempt, outcome, lostAtMs, upTo, lostAtMs);
}

/** Sleep until `atMs`; false when the run was canceled meanwhile. */
async function waitUntil(scope: RunScope, atMs: number): Promise<boolean> {
  try {
    await scope.deps.clock.sleep(Math.max(0, atMs - scope.deps.clock.nowMs()), scope.signal);
    return true;
  } catch {
    return false;
  }
}

/** Record a failed attempt ended at `now` and when the next one starts (null: none); `upTo` as for `TaskRow.emit`. */
async function endAttempt(
  scope: RunScope,
  row: TaskRow,
  attempt: AttemptRecord,
  outcome: AttemptOutcome & { ok: false },
  retryAt: number | null,
  upTo: { readonly maxAttempts: number },
  now: number,
): Promise<void> {
  const failed = {
    state: 'FAILED',
    finishedAtMs: now,
    exitCode: outcome.exitCode,
    failureKind: outcome.kind,
    message: outcome.message,
    logUri: outcome.logUri ?? attempt.logUri,
    nextRetryAtMs: retryAt,
    ...(outcome.note === undefined ? {} : { note: outcome.note }),
  } as const;
  await scope.deps.metadata.attempts.update(row.id, attempt.number, failed);
  emitAttempt(scope, row, { ...attempt, ...failed }, upTo);
  scope.deps.log.warn(
    {
      runId: scope.run.id,
      task: row.record.path,
      attempt: attempt.number,
      kind: outcome.kind,
      retryAtMs: retryAt,
    },
    retryAt === null
      ? 'attempt failed; no retry left'
      : `attempt failed; retrying in ${Math.round((retryAt - now) / 100) / 10}s`,
  );
  row.emit({ state: 'RUNNING', attempt: attempt.number, message: outcome.message, ...upTo });
}

/** Tell listeners an attempt started or ended, as stored. */
function emitAttempt(
  scope: RunScope,
  row: TaskRow,
  attempt: AttemptRecord,
  upTo: { readonly maxAttempts: number },
): void {
  scope.deps.onEvent?.({
    type: 'attempt',
    runId: scope.run.id,
    path: row.record.path,
    maxAttempts: upTo.maxAttempts,
    attempt,
  });
}

/** Store produced artifacts and the task's INPUT/OUTPUT lineage events. */
async function recordLineage(
  scope: RunScope,
  taskId: string,
  inputs: IoValues,
  outputs: IoValues,
  produced: boolean,
): Promise<void> {
  const events: ArtifactEvent[] = [];
  for (const [name, list] of Object.entries(inputs.artifacts)) {
    for (const a of list) events.push({ artifactId: a.id, taskId, type: 'INPUT', name });
  }
  for (const [name, list] of Object.entries(outputs.artifacts)) {
    for (const a of list) {
      if (produced) {
        await scope.deps.metadata.artifacts.create({
          ...a,
          runId: scope.run.id,
          producerTaskId: taskId,
          createdAtMs: scope.deps.clock.nowMs(),
        });
      }
      events.push({ artifactId: a.id, taskId, type: 'OUTPUT', name });
    }
  }
  if (events.length > 0) await scope.deps.metadata.artifacts.addEvents(events);
}

function hasArtifacts(values: IoValues): boolean {
  for (const list of Object.values(values.artifacts)) if (list.length > 0) return true;
  return false;
}
