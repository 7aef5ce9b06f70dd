import { createRun } from '../engine/index.js';
import type { JsonValue } from '../ir/index.js';
import type { RunRecord } from '../metadata/index.js';
import { openExperimentId } from './open-experiment.js';
import { apiPipelineRoot } from './pipeline-roots.js';
import type { ServerDeps } from './server-deps.js';

/** A run to create through the API (or a recurring run's trigger). */
export interface RunSubmission {
  readonly specText: string;
  /** Where the spec came from, for error locations (`run.pipeline_spec`, `pipeline version V`). */
  readonly source: string;
  readonly displayName: string;
  readonly description?: string;
  readonly experimentId?: string;
  readonly pipelineVersion?: { readonly pipelineId: string; readonly pipelineVersionId: string };
  readonly recurringRunId?: string;
  /** The trigger time of a recurring run's run (epoch ms); absent: scheduled when created. */
  readonly scheduledAtMs?: number;
  /** `runtime_config.parameters`, checked against the spec's declared types. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** `runtime_config.pipeline_root`; the configured pipelineRoot when absent. */
  readonly pipelineRoot?: string;
}

/**
 * Validate a submission (spec, arguments, pipeline root and its provider: bad input throws before
 * anything is stored), store the run PENDING and queue it on the worker.
 */
export async function submitRun(deps: ServerDeps, submission: RunSubmission): Promise<RunRecord> {
  const { metadata } = deps.services;
  // Like KFP: a run without an experiment goes to the Default one; a named one must exist. Unlike
  // KFP, an archived one is refused (KFP would add an AVAILABLE run to an archived experiment).
  const experimentId = await openExperimentId(
    metadata.experiments,
    submission.experimentId,
    'create a run in it',
  );
  const checked = await deps.specs.run({
    kind: 'submit',
    text: submission.specText,
    source: submission.source,
    parameters: submission.parameters as Record<string, JsonValue>,
  });
  const pipelineRoot = await apiPipelineRoot(deps, submission.pipelineRoot);
  const run = await createRun(
    deps.services.engineDeps((event) => deps.events.publish(event)),
    {
      pipelineName: checked.name,
      specText: submission.specText,
      arguments: checked.arguments,
      pipelineRoot,
      displayName: submission.displayName,
      ...(submission.description !== undefined ? { description: submission.description } : {}),
      experimentId,
      ...(submission.pipelineVersion !== undefined ? { pipelineVersion: submission.pipelineVersion } : {}),
      ...(submission.recurringRunId !== undefined ? { recurringRunId: submission.recurringRunId } : {}),
      ...(submission.scheduledAtMs !== undefined ? { scheduledAtMs: submission.scheduledAtMs } : {}),
    },
  );
  await metadata.experiments.recordRunCreated(experimentId, run.createdAtMs);
  deps.worker.enqueue(run.id);
  return run;
}
