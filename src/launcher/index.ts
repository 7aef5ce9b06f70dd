export {
  type AttemptLayout,
  attemptLayout,
  liveLogPathOf,
  safeSegment,
} from './attempt-layout.js';
export {
  type CollectedOutputs,
  type CollectResult,
  collectOutputs,
  parseOutputText,
} from './collect-outputs.js';
export {
  type ArtifactListJson,
  type BuiltExecutorInput,
  buildExecutorInput,
  type ExecutorInputJson,
  type RuntimeArtifactJson,
} from './executor-input.js';
export { createLauncher, type Launcher, type LauncherDeps } from './launcher.js';
export {
  type PipelinePlaceholderValues,
  type PlaceholderContext,
  pipelinePlaceholderValues,
  resolveCommandLine,
  resolveInline,
} from './placeholders.js';
export type { ProcessExecutor, ProcessResult, ProcessSpec } from './process-executor.js';
export type { KfpRuntimeMode } from './process-plan.js';
export {
  mayRunPython,
  type PipPackages,
  type PythonCommandShape,
  pipelineMayRunPython,
  recognizePythonCommand,
} from './python-command.js';
