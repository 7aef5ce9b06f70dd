import path from 'node:path';
import type { AttemptContext } from '../engine/ports.js';
import { fileUriToPath } from '../storage/uri.js';

/**
 * Where one attempt's files live locally and where its outputs go under the pipeline root. The
 * task path is one directory (`for-loop-2[1].print-op` → `for-loop-2.1.print-op`): directories are
 * the dearest file-system operation of a short attempt, so the layout creates as few as it can.
 */
export interface AttemptLayout {
  /** `<workDir>/<runId>/<taskPath>.<attempt>/`: cwd of the process, removed after success. */
  readonly attemptDir: string;
  /** Downloaded copies of input artifacts (stores without local paths): `<attemptDir>/inputs`. */
  readonly inputsDir: string;
  /** Output parameter files: `<attemptDir>/parameters/<name>`. */
  readonly parametersDir: string;
  /** Staged output artifacts: `<attemptDir>/artifacts/<name>`. */
  readonly artifactsDir: string;
  /** `<attemptDir>/executor_output.json` (`{{$.outputs.output_file}}`). */
  readonly executorOutputPath: string;
  /**
   * Written while the process runs: under a `file://` root, the log's stored place (nothing to copy
   * afterwards); otherwise {@link localLogPath}.
   */
  readonly liveLogPath: string;
  /** `<logsDir>/<runId>/<taskPath>.attempt-<n>.log`: local disk, used when the root is elsewhere or unusable. */
  readonly localLogPath: string;
  /** `<pipelineRoot>/<pipelineName>/<runId>/<taskPath>/<taskId>-<attempt>`: parent of output artifact URIs. */
  readonly outputUriBase: string;
  /** `<pipelineRoot>/<pipelineName>/<runId>/logs/<taskPath>.attempt-<n>.log`: where the log is stored after. */
  readonly logUri: string;
}

/**
 * Make a name safe as one path segment (file systems and object keys alike): loop iterations
 * `name[2]` become `name.2`, other unusual characters `_`.
 */
export function safeSegment(name: string): string {
  const safe = name.replace(/\[(\d+)\]/g, '.$1').replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

/** The layout of one attempt; see {@link AttemptLayout}. */
export function attemptLayout(
  context: AttemptContext,
  dirs: { readonly workDir: string; readonly logsDir: string },
): AttemptLayout {
  const task = safeSegment(context.taskPath);
  const run = safeSegment(context.runId);
  const attemptDir = path.join(dirs.workDir, run, `${task}.${context.attempt}`);
  const taskUri = taskUriOf(context);
  return {
    attemptDir,
    inputsDir: path.join(attemptDir, 'inputs'),
    parametersDir: path.join(attemptDir, 'parameters'),
    artifactsDir: path.join(attemptDir, 'artifacts'),
    executorOutputPath: path.join(attemptDir, 'executor_output.json'),
    liveLogPath: liveLogPathOf(context, dirs.logsDir),
    localLogPath: localLogPathOf(context, dirs.logsDir),
    outputUriBase: `${taskUri}/${safeSegment(context.taskId)}-${context.attempt}`,
    logUri: logUriOf(context),
  };
}

function runUriOf(context: AttemptContext): string {
  return [
    context.pipelineRoot.replace(/\/+$/, ''),
    safeSegment(context.pipelineName),
    safeSegment(context.runId),
  ].join('/');
}

function taskUriOf(context: AttemptContext): string {
  return `${runUriOf(context)}/${safeSegment(context.taskPath)}`;
}

/** `<pipelineRoot>/<pipelineName>/<runId>/logs/<taskPath>.attempt-<n>.log`. */
function logUriOf(context: AttemptContext): string {
  return `${runUriOf(context)}/logs/${safeSegment(context.taskPath)}.attempt-${context.attempt}.log`;
}

/**
 * Where an attempt's log is written while it runs: its stored place when the pipeline root is a
 * local directory (the launcher falls back to the local path when that directory cannot be made),
 * else `<logsDir>/<runId>/<taskPath>.attempt-<n>.log`, uploaded afterwards.
 */
export function liveLogPathOf(context: AttemptContext, logsDir: string): string {
  if (context.pipelineRoot.startsWith('file://')) return fileUriToPath(logUriOf(context));
  return localLogPathOf(context, logsDir);
}

function localLogPathOf(context: AttemptContext, logsDir: string): string {
  // One directory per run, not per task: a directory costs more than anything else an attempt does.
  return path.join(
    logsDir,
    safeSegment(context.runId),
    `${safeSegment(context.taskPath)}.attempt-${context.attempt}.log`,
  );
}
