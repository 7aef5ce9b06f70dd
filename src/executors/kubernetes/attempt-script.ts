import type { AttemptLayout } from '../../launcher/attempt-layout.js';
import { type BuiltExecutorInput, buildExecutorInput } from '../../launcher/executor-input.js';
import { pipelinePlaceholderValues, resolveCommandLine, resolveInline } from '../../launcher/placeholders.js';
import { recognizePythonCommand } from '../../launcher/python-command.js';
import type { StagedInputs } from '../../launcher/stage-artifacts.js';
import { type PodScript, podScript } from './pod-command.js';
import type { PodPlan } from './pod-plan.js';

/** What the main container of an attempt runs, and the executor input it was resolved with. */
export interface AttemptScript extends PodScript {
  readonly built: BuiltExecutorInput;
}

const NOTHING_STAGED: StagedInputs = { artifacts: {}, paths: {}, uriPaths: {} };

/**
 * Resolve an attempt's command line into the main container's script: KFP's executor input (with
 * the staged inputs' local paths), every placeholder, the container's env, and SKIFF_ARTIFACT_PATHS
 * for the bundled runtime (every artifact of a pod is remote).
 */
export function attemptScript(
  plan: PodPlan,
  layout: AttemptLayout,
  runtimeDir: string,
  inputs: StagedInputs = NOTHING_STAGED,
): AttemptScript {
  const built = buildExecutorInput({
    parameterValues: plan.inputs.parameters,
    inputArtifacts: inputs.artifacts,
    outputs: plan.component.outputs,
    layout,
  });
  const placeholders = {
    executorInput: built.executorInput,
    inputArtifactPaths: inputs.paths,
    outputArtifactPaths: built.outputArtifactPaths,
    pipeline: pipelinePlaceholderValues(plan.context),
    workspacePath: plan.context.workspacePath,
  };
  const { container } = plan;
  const argv = resolveCommandLine([...container.command, ...container.args], placeholders);
  const env: Record<string, string> = {};
  for (const variable of container.env) env[variable.name] = resolveInline(variable.value, placeholders);
  const artifactPaths: Record<string, string> = { ...inputs.uriPaths };
  for (const [name, uri] of Object.entries(built.defaultUris))
    artifactPaths[uri] = built.outputArtifactPaths[name]!;
  if (Object.keys(artifactPaths).length > 0) env.SKIFF_ARTIFACT_PATHS = JSON.stringify(artifactPaths);
  return { ...podScript(argv, env, layout.attemptDir, plan.kfpRuntime, runtimeDir), built };
}

/**
 * True when an attempt needs no sidecar: nothing to stage (no input artifacts), nothing to collect
 * (no outputs), and no bundled runtime to copy (not a KFP Python shape, or kfpRuntime other than
 * auto). Its pod is one container; the server stores its log, read through the API.
 */
export function needsNoSidecar(plan: PodPlan): boolean {
  const { outputs } = plan.component;
  if (Object.keys(outputs.parameters).length > 0 || Object.keys(outputs.artifacts).length > 0) return false;
  if (Object.values(plan.inputs.artifacts).some((list) => list.length > 0)) return false;
  if (plan.kfpRuntime !== 'auto') return true;
  return recognizePythonCommand([...plan.container.command, ...plan.container.args]).kind === 'other';
}
