import { SkiffError } from '../errors/index.js';
import { FINAL_RUN_STATES, type RunRecord } from '../metadata/index.js';
import type { ServerDeps } from './server-deps.js';

/** How long a delete waits for a run another process executes to stop after it was asked to. */
export const DELETE_STOP_WAIT_MS = 15_000;
const LOOK_MS = 200;

/**
 * Terminate an unfinished run wherever it executes: here (aborted, awaited), in another process
 * (`skiff run`, resume, retry: marked CANCELING, which that process reads within a second and
 * stops; resolves to 'elsewhere' at once), or nowhere (left RUNNING by a killed process: recorded
 * CANCELED). A finished run is left as it is.
 */
export async function terminateRun(deps: ServerDeps, run: RunRecord): Promise<'ended' | 'elsewhere'> {
  if (FINAL_RUN_STATES.has(run.state)) return 'ended';
  const { metadata } = deps.services;
  const outcome = await deps.worker.terminate(run.id);
  if (outcome === 'elsewhere') {
    await metadata.runs.update(run.id, { state: 'CANCELING' });
    deps.events.publish({ type: 'run', runId: run.id, displayName: run.displayName, state: 'CANCELING' });
    return 'elsewhere';
  }
  if (outcome === 'free') {
    const patch = { state: 'CANCELED', finishedAtMs: Date.now() } as const;
    await metadata.runs.update(run.id, patch);
    deps.events.publish({ type: 'run', runId: run.id, displayName: run.displayName, ...patch });
  }
  return 'ended';
}

/**
 * Terminate a run, wait until it has stopped, then delete it: a run another process executes is
 * deleted only once that process has stopped it and let it go (else it would go on writing to a
 * run that is gone), or refused with SKIFF_API_PRECONDITION when it has not within `waitMs`.
 */
export async function deleteRun(
  deps: ServerDeps,
  run: RunRecord,
  waitMs = DELETE_STOP_WAIT_MS,
): Promise<void> {
  await terminateRun(deps, run);
  // Deleted once no other process holds the run (its lease is free): a `skiff run` that executed it
  // has recorded the end and printed its result by then.
  const deadline = Date.now() + waitMs;
  while ((await deps.worker.terminate(run.id)) === 'elsewhere') {
    if (Date.now() >= deadline) {
      throw new SkiffError(
        'SKIFF_API_PRECONDITION',
        `run ${run.id} is still held by another process (skiff run, resume or retry), which was asked to stop ${Math.round(waitMs / 1000)} s ago and has not let it go`,
        {
          fix: 'Stop that process (Ctrl-C), or wait until the run is CANCELED, then delete the run again.',
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOOK_MS));
  }
  const { metadata } = deps.services;
  await metadata.runs.delete(run.id);
}
