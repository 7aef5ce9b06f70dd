import { SkiffError } from '../../errors/index.js';
import type { VersionSpecLookup } from './version-spec.js';

/** The spec a run or recurring run executes: its text, where it came from, and the version it was read from. */
export interface BodySpec {
  readonly specText: string;
  readonly source: string;
  readonly pipelineVersion: { readonly pipelineId: string; readonly pipelineVersionId: string } | null;
}

/** The spec fields of a run or recurring-run create body. */
export interface SpecFields {
  readonly pipeline_spec?: Readonly<Record<string, unknown>> | undefined;
  readonly pipeline_version_reference?:
    | { readonly pipeline_id: string; readonly pipeline_version_id: string }
    | undefined;
}

/**
 * The spec of a create body (`what`: `run` or `recurring_run`): the inline `pipeline_spec` (bare or
 * `{pipeline_spec, platform_spec}`), or the referenced pipeline version's, read once now.
 */
export async function specOfBody(
  body: SpecFields,
  what: string,
  versionSpec: VersionSpecLookup,
): Promise<BodySpec> {
  if (body.pipeline_spec !== undefined) {
    return {
      specText: JSON.stringify(body.pipeline_spec),
      source: `${what}.pipeline_spec`,
      pipelineVersion: null,
    };
  }
  const reference = body.pipeline_version_reference;
  if (reference === undefined) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `${what} has neither pipeline_spec nor pipeline_version_reference`,
      {
        location: 'pipeline_spec',
        fix: 'Send the compiled pipeline as pipeline_spec (an object), or pipeline_version_reference {pipeline_id, pipeline_version_id}.',
      },
    );
  }
  const found = await versionSpec(reference.pipeline_id, reference.pipeline_version_id);
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
