import type { JsonValue } from '../../ir/index.js';
import { apiPipelineRoot } from '../pipeline-roots.js';
import type { ServerDeps } from '../server-deps.js';
import { type BodySpec, specOfBody } from './body-spec.js';
import type { CreateRecurringRunBody } from './recurring-run-body.js';
import type { VersionSpecLookup } from './version-spec.js';

/** The spec a recurring run runs (see specOfBody). */
export type RecurringRunSpec = BodySpec;

/** The spec of a recurring-run create body: inline, or the referenced version's, read once now. */
export function recurringRunSpec(
  body: CreateRecurringRunBody,
  versionSpec: VersionSpecLookup,
): Promise<RecurringRunSpec> {
  return specOfBody(body, 'recurring_run', versionSpec);
}

/**
 * Check now what each trigger's `submitRun` would check (the spec loads, the parameters fit it, a
 * provider serves the pipeline root), so bad input is a 400 at creation, not a failure every trigger.
 */
export async function checkRunnable(
  deps: ServerDeps,
  spec: RecurringRunSpec,
  parameters: Readonly<Record<string, JsonValue>>,
  pipelineRoot: string | undefined,
): Promise<void> {
  await deps.specs.run({ kind: 'submit', text: spec.specText, source: spec.source, parameters });
  await apiPipelineRoot(deps, pipelineRoot);
}
