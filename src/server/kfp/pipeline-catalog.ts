import { randomUUID } from 'node:crypto';
import { SkiffError } from '../../errors/index.js';
import type { MetadataStore, PipelineRecord, PipelineVersionRecord } from '../../metadata/index.js';
import type { AcceptedSpec } from './pipeline-spec-input.js';

/** Names and description of a pipeline or version to create; `name` falls back to `displayName` and back. */
export interface CatalogNames {
  readonly name?: string | undefined;
  readonly displayName?: string | undefined;
  readonly description?: string | undefined;
}

/** Builds a new pipeline record; SKIFF_API_BAD_REQUEST when neither name nor display_name is given. */
export function newPipeline(names: CatalogNames, namespace: string | undefined): PipelineRecord {
  const name = names.name || names.displayName;
  if (!name) {
    throw new SkiffError('SKIFF_API_BAD_REQUEST', 'pipeline has neither "name" nor "display_name"', {
      fix: 'Give the pipeline a display_name (and optionally a unique name).',
    });
  }
  return {
    id: randomUUID(),
    name,
    displayName: names.displayName || name,
    description: names.description ?? '',
    namespace: namespace ?? '',
    createdAtMs: Date.now(),
  };
}

/** Builds a new version record of `pipelineId` holding the accepted spec; the name defaults to the id. */
export function newPipelineVersion(
  pipelineId: string,
  names: CatalogNames,
  accepted: AcceptedSpec,
): PipelineVersionRecord {
  const id = randomUUID();
  const name = names.name || names.displayName || id;
  return {
    id,
    pipelineId,
    name,
    displayName: names.displayName || name,
    description: names.description ?? '',
    specText: accepted.specText,
    createdAtMs: Date.now(),
  };
}

/** Creates a pipeline and its first version; removes the pipeline again when the version cannot be written. */
export async function createPipelineWithVersion(
  store: MetadataStore,
  pipeline: PipelineRecord,
  version: PipelineVersionRecord,
): Promise<void> {
  await store.pipelines.create(pipeline);
  try {
    await store.pipelineVersions.create(version);
  } catch (error) {
    await store.pipelines.delete(pipeline.id);
    throw error;
  }
}

/** The pipeline with this id; SKIFF_API_NOT_FOUND when there is none. */
export async function requirePipeline(store: MetadataStore, id: string): Promise<PipelineRecord> {
  const pipeline = await store.pipelines.get(id);
  if (pipeline === undefined) {
    throw new SkiffError('SKIFF_API_NOT_FOUND', `pipeline ${id} does not exist`, {
      fix: 'List pipelines with GET /apis/v2beta1/pipelines to find the id.',
    });
  }
  return pipeline;
}
