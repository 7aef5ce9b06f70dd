import { SkiffError } from '../errors/index.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { RunRecord, RunState } from '../metadata/records.js';

/** Run states a retry accepts: the run ended without succeeding. */
export const RETRYABLE_RUN_STATES: ReadonlySet<RunState> = new Set(['FAILED', 'CANCELED']);

/**
 * Make a FAILED or CANCELED run ready to execute again (KFP/Argo `retry`): SUCCEEDED and CACHED
 * tasks are kept and never run again; the others go back to PENDING in a new retry round, every
 * earlier attempt kept; the run goes back to PENDING. Executing it (as a resume) does the rest.
 */
export async function prepareRetry(metadata: MetadataStore, run: RunRecord): Promise<RunRecord> {
  if (!RETRYABLE_RUN_STATES.has(run.state)) {
    throw new SkiffError(
      'SKIFF_RUN_NOT_RETRYABLE',
      `run ${run.id} is ${run.state}; only a FAILED or CANCELED run can be retried`,
    );
  }
  await metadata.tasks.resetUnsucceeded(run.id);
  const patch = { state: 'PENDING', finishedAtMs: null, error: null, outputs: null } as const;
  await metadata.runs.update(run.id, patch);
  return { ...run, ...patch };
}
