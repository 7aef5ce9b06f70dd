import { SkiffError } from '../errors/index.js';
import { isJsonObject } from './parameter-value.js';
import type { PipelineWorkspace } from './types.js';

const LOCATION = 'platforms.kubernetes.pipelineConfig.workspace';

/**
 * The run's workspace a pipeline asks for (`dsl.PipelineConfig(workspace=WorkspaceConfig(...))`):
 * its size and the PVC spec patch, or undefined when it asks for none. Locally every run has a
 * workspace directory anyway; on Kubernetes this becomes one PVC per run.
 */
export function toWorkspace(
  pipelineConfig: Readonly<Record<string, unknown>> | undefined,
): PipelineWorkspace | undefined {
  const workspace = pipelineConfig?.workspace;
  if (workspace === undefined || workspace === null) return undefined;
  if (!isJsonObject(workspace)) throw invalid(LOCATION, `is ${JSON.stringify(workspace)}, not an object`);
  const { size } = workspace;
  if (typeof size !== 'string' || size.trim() === '') {
    throw invalid(
      `${LOCATION}.size`,
      `is ${JSON.stringify(size ?? null)}; a workspace needs a size such as "5Gi"`,
    );
  }
  const kubernetes = workspace.kubernetes;
  if (kubernetes === undefined || kubernetes === null) return { size };
  if (!isJsonObject(kubernetes)) throw invalid(`${LOCATION}.kubernetes`, 'is not an object');
  const patch = kubernetes.pvcSpecPatch;
  if (patch === undefined || patch === null) return { size };
  if (!isJsonObject(patch)) throw invalid(`${LOCATION}.kubernetes.pvcSpecPatch`, 'is not an object');
  return { size, pvcSpecPatch: patch };
}

function invalid(location: string, what: string): SkiffError {
  return new SkiffError('SKIFF_IR_SCHEMA', `${location} ${what}`, {
    location,
    fix: 'Compile the pipeline with the KFP SDK: dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(size="1Gi")).',
  });
}
