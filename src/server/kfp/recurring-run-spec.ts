import { withRunValues } from '../../config/index.js';
import { SkiffError } from '../../errors/index.js';
import { type JsonValue, loadPipelineText, resolveRunArguments } from '../../ir/index.js';
import type { ServerDeps } from '../server-deps.js';
import type { CreateRecurringRunBody } from './recurring-run-body.js';
import type { VersionSpecLookup } from './version-spec.js';

/** The spec a recurring run runs: its text, where it came from, and the version it was read from. */
export interface RecurringRunSpec {
  readonly specText: string;
  readonly source: string;
  readonly pipelineVersion: { readonly pipelineId: string; readonly pipelineVersionId: string } | null;
}

/**
 * The spec of a create body: the inline `pipeline_spec` (bare or `{pipeline_spec, platform_spec}`),
 * or the referenced pipeline version's, read once now through `versionSpec`.
 */
export async function recurringRunSpec(
  body: CreateRecurringRunBody,
  versionSpec: VersionSpecLookup | undefined,
): Promise<RecurringRunSpec> {
  if (body.pipeline_spec !== undefined) {
    return {
      specText: JSON.stringify(body.pipeline_spec),
      source: 'recurring_run.pipeline_spec',
      pipelineVersion: null,
    };
  }
  const reference = body.pipeline_version_reference;
  if (reference === undefined) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      'recurring run has neither pipeline_spec nor pipeline_version_reference',
      {
        location: 'pipeline_spec',
        fix: 'Send the compiled pipeline as pipeline_spec (an object), or pipeline_version_reference {pipeline_id, pipeline_version_id}.',
      },
    );
  }
  const found = versionSpec
    ? await versionSpec(reference.pipeline_id, reference.pipeline_version_id)
    : undefined;
  if (!found) {
    throw new SkiffError(
      'SKIFF_API_NOT_FOUND',
      `pipeline ${reference.pipeline_id} has no version ${reference.pipeline_version_id}`,
      { location: 'pipeline_version_reference' },
    );
  }
  return {
    specText: found.specText,
    source: `pipeline version ${reference.pipeline_version_id}`,
    pipelineVersion: { pipelineId: reference.pipeline_id, pipelineVersionId: reference.pipeline_version_id },
  };
}

/**
 * Check now what each trigger's `submitRun` would check (the spec loads, the parameters fit it, a
 * provider serves the pipeline root), so bad input is a 400 at creation, not a failure every trigger.
 */
export function checkRunnable(
  deps: ServerDeps,
  spec: RecurringRunSpec,
  parameters: Readonly<Record<string, JsonValue>>,
  pipelineRoot: string | undefined,
): void {
  const pipeline = loadPipelineText(spec.specText, spec.source);
  resolveRunArguments(pipeline, parameters);
  const loaded =
    pipelineRoot === undefined ? deps.loaded : withRunValues(deps.loaded, { pipelineRoot }, 'api');
  deps.services.stores.resolve(
    loaded.config.pipelineRoot,
    pipelineRoot === undefined ? undefined : 'runtime_config.pipeline_root',
  );
}
