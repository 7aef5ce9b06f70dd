import type { FastifyInstance } from 'fastify';
import { SkiffError } from '../../../errors/index.js';
import type { ArtifactRecord } from '../../../metadata/index.js';
import { sizeOfUri } from '../../../storage/index.js';
import { servableUri } from '../../artifact-access.js';
import { type FileRoots, fileRootsOf } from '../../file-roots.js';
import type { ServerDeps } from '../../server-deps.js';
import { runArtifactsJson } from '../../skiff-api/run-artifact-json.js';

/** How many artifact sizes are asked of the stores at once. */
const SIZE_CONCURRENCY = 8;

/**
 * Skiff API, `GET /apis/skiff/v1/runs/{run_id}/artifacts`: every artifact of a run (and every
 * artifact its tasks read from other runs) with its metadata, size, producer and consumers. Three
 * SQL queries (tasks, artifacts, lineage events) whatever the run's size; sizes come from the stores.
 * `GET /apis/skiff/v1/artifacts/{artifact_id}/info`: one of them, by its id alone.
 */
export function runArtifactRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { metadata } = deps.services;
  const fileRoots = fileRootsOf(deps.loaded);

  /** The artifacts of run `runId` as JSON, or undefined when there is no such run. */
  async function runArtifacts(runId: string): Promise<Record<string, unknown>[] | undefined> {
    const [run, tasks, lineage] = await Promise.all([
      metadata.runs.get(runId),
      metadata.tasks.listByRun(runId),
      metadata.artifacts.listLineageOfRun(runId),
    ]);
    if (!run) return undefined;
    const sizes = await artifactSizes(lineage.artifacts, deps, fileRoots);
    return runArtifactsJson(lineage, tasks, sizes);
  }

  app.get<{ Params: { run_id: string } }>('/apis/skiff/v1/runs/:run_id/artifacts', async (request) => {
    const runId = request.params.run_id;
    const artifacts = await runArtifacts(runId);
    if (!artifacts)
      throw new SkiffError('SKIFF_API_NOT_FOUND', `no run has id "${runId}"`, { location: 'run_id' });
    return { run_id: runId, artifacts };
  });

  // One artifact as the list above shows it, found by its id alone (an address without its run).
  app.get<{ Params: { artifact_id: string } }>(
    '/apis/skiff/v1/artifacts/:artifact_id/info',
    async (request) => {
      const id = request.params.artifact_id;
      const artifact = await metadata.artifacts.get(id);
      const found = artifact && (await runArtifacts(artifact.runId))?.find((a) => a.artifact_id === id);
      if (!found)
        throw new SkiffError('SKIFF_API_NOT_FOUND', `no artifact has id "${id}"`, {
          location: 'artifact_id',
          fix: "List a run's artifacts with GET /apis/skiff/v1/runs/{run_id}/artifacts to find an artifact's id.",
        });
      return found;
    },
  );
}

/** Sizes of the artifacts that are one file the server may serve; directories and the rest are left out. */
async function artifactSizes(
  artifacts: readonly ArtifactRecord[],
  deps: ServerDeps,
  roots: FileRoots,
): Promise<Map<string, number>> {
  const storeFor = deps.services.stores.storeFor;
  const sizes = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < artifacts.length; i = next++) {
      const artifact = artifacts[i]!;
      try {
        const uri = await servableUri(artifact.uri, artifact.uri, storeFor, roots);
        const size = await sizeOfUri(uri, storeFor);
        if (size !== undefined) sizes.set(artifact.id, size);
      } catch (error) {
        // Not servable (outside the file roots), no provider, or the store is down: size unknown.
        deps.log.debug({ err: error, artifactId: artifact.id }, 'artifact size unknown');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIZE_CONCURRENCY, artifacts.length) }, worker));
  return sizes;
}
