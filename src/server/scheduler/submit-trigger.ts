import type { ServerDeps } from '../server-deps.js';
import { submitRun } from '../submit-run.js';
import type { TriggerRun } from './recurring-scheduler.js';

/**
 * The server's TriggerRun: a run of the recurring run's spec through `submitRun` (checked and
 * queued like an API run), with its experiment, parameters, pipeline root, version and trigger time.
 */
export function submitTrigger(deps: ServerDeps): TriggerRun {
  return async (recurringRun, scheduledAtMs, runName) => {
    await submitRun(deps, {
      specText: recurringRun.specText,
      source: `recurring run ${recurringRun.id}`,
      displayName: runName,
      description: recurringRun.description,
      recurringRunId: recurringRun.id,
      scheduledAtMs,
      parameters: recurringRun.parameters,
      ...(recurringRun.experimentId !== null ? { experimentId: recurringRun.experimentId } : {}),
      ...(recurringRun.pipelineVersion !== null ? { pipelineVersion: recurringRun.pipelineVersion } : {}),
      ...(recurringRun.pipelineRoot !== null ? { pipelineRoot: recurringRun.pipelineRoot } : {}),
    });
  };
}
