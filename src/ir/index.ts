export { loadParamsFile, parseCliParam, parseCliParams, resolveRunArguments } from './arguments.js';
export { loadPipelineBytes, loadPipelineFile, loadPipelineText, readPipelineFile } from './load-pipeline.js';
export { checkNestingDepth, findTooDeep, MAX_NESTING_DEPTH, yamlTooDeepLine } from './nesting-depth.js';
export { isJsonObject, parameterValueProblem, parseParameterText } from './parameter-value.js';
export type { PipelineProblem } from './pipeline-problem.js';
export { parseDurationSeconds, RETRY_DEFAULTS } from './to-task.js';
export type * from './types.js';
export { upstreamOf } from './validate-dag.js';
export { findPipelineProblems, validatePipeline } from './validate-pipeline.js';
