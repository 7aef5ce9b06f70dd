import type { MetadataStore } from '../../metadata/index.js';

/** Resolves a pipeline version reference to its spec text; undefined when the pair does not exist. */
export type VersionSpecLookup = (
  pipelineId: string,
  versionId: string,
) => Promise<{ readonly specText: string } | undefined>;

/** The lookup over the metadata store: the version must exist and belong to the pipeline. */
export function storeVersionSpec(metadata: MetadataStore): VersionSpecLookup {
  return async (pipelineId, versionId) => {
    const version = await metadata.pipelineVersions.get(versionId);
    return version !== undefined && version.pipelineId === pipelineId
      ? { specText: version.specText }
      : undefined;
  };
}
