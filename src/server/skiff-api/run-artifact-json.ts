import type { ArtifactRecord, RunLineage, TaskRecord } from '../../metadata/index.js';
import { rfc3339 } from '../kfp/run-json.js';

/**
 * The artifacts of a run as `GET /apis/skiff/v1/runs/{run}/artifacts` lists them: URI and metadata
 * as stored, size when known, the task that wrote each (id, path, output name) and the tasks that
 * read it (id, path, input name). A task outside the run (an artifact read from another run) has
 * a null path.
 */
export function runArtifactsJson(
  lineage: RunLineage,
  tasks: readonly TaskRecord[],
  sizes: ReadonlyMap<string, number>,
): Record<string, unknown>[] {
  const pathOf = new Map(tasks.map((task) => [task.id, task.path]));
  const outputs = new Map<string, { taskId: string; name: string }>();
  const inputs = new Map<string, { task_id: string; task_path: string | null; input_name: string }[]>();
  for (const event of lineage.events) {
    if (event.type === 'OUTPUT') {
      if (!outputs.has(event.artifactId))
        outputs.set(event.artifactId, { taskId: event.taskId, name: event.name });
      continue;
    }
    const consumer = {
      task_id: event.taskId,
      task_path: pathOf.get(event.taskId) ?? null,
      input_name: event.name,
    };
    const consumers = inputs.get(event.artifactId);
    if (consumers === undefined) inputs.set(event.artifactId, [consumer]);
    else consumers.push(consumer);
  }
  return lineage.artifacts.map((artifact) => {
    const output = outputs.get(artifact.id);
    return {
      artifact_id: artifact.id,
      run_id: artifact.runId,
      name: artifact.name,
      type: artifact.schemaTitle,
      schema_version: artifact.schemaVersion,
      uri: artifact.uri,
      metadata: artifact.metadata,
      size_bytes: sizes.get(artifact.id) ?? null,
      created_at: rfc3339(artifact.createdAtMs),
      producer: producerJson(artifact, output, pathOf),
      consumers: inputs.get(artifact.id) ?? [],
    };
  });
}

function producerJson(
  artifact: ArtifactRecord,
  output: { taskId: string; name: string } | undefined,
  pathOf: ReadonlyMap<string, string>,
): Record<string, unknown> | null {
  const taskId = artifact.producerTaskId ?? output?.taskId ?? null;
  if (taskId === null) return null;
  return {
    task_id: taskId,
    task_path: pathOf.get(taskId) ?? null,
    output_name: output?.taskId === taskId ? output.name : artifact.name,
  };
}
