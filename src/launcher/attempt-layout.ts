import { createHash } from 'node:crypto';
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

/** The longest segment safeSegment makes: file names end at 255 bytes, and a log name adds to it. */
export const MAX_SEGMENT_CHARS = 200;

/**
 * Make a name safe as one path segment (file systems and object keys alike): loop iterations
 * `name[2]` become `name.2`. A name that needs more (other characters become `_`, `..`, empty) or
 * is longer than MAX_SEGMENT_CHARS ends with a hash of the whole name, so two names never share a
 * segment (`o/x` and `o_x` would otherwise share a work directory and a log) and a name keeps its own.
 * `unique` false: no hash for changed characters, where something else keeps names apart (the
 * run id under a pipeline's name).
 */
export function safeSegment(name: string, unique = true): string {
  const dotted = name.replace(/\[(\d+)\]/g, '.$1');
  const safe = dotted.replace(/[^A-Za-z0-9._-]/g, '_');
  const plain = (safe === dotted || !unique) && safe !== '' && safe !== '.' && safe !== '..';
  if (plain && safe.length <= MAX_SEGMENT_CHARS) return safe;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  const head = safe === '.' || safe === '..' ? '_' : safe;
  return `${head.slice(0, MAX_SEGMENT_CHARS - hash.length - 1)}-${hash}`;
}

/** The layout of one attempt; see {@link AttemptLayout}. */
export function attemptLayout(
  context: AttemptContext,
  dirs: { readonly workDir: string; readonly logsDir: string },
): AttemptLayout {
  const run = runLayout(context, dirs.workDir, dirs.logsDir);
  const task = safeSegment(context.taskPath);
  // Every segment appended here is safe (no `/`, never `.` or `..`), so plain concatenation gives
  // what path.join would.
  const attemptDir = `${run.workDir}/${task}.${context.attempt}`;
  return {
    attemptDir,
    inputsDir: `${attemptDir}/inputs`,
    parametersDir: `${attemptDir}/parameters`,
    artifactsDir: `${attemptDir}/artifacts`,
    executorOutputPath: `${attemptDir}/executor_output.json`,
    liveLogPath: liveLogPathIn(run, task, context.attempt),
    localLogPath: `${run.localLogDir}/${logName(task, context.attempt)}`,
    outputUriBase: `${run.uri}/${task}/${safeSegment(context.taskId)}-${context.attempt}`,
    logUri: `${run.uri}/logs/${logName(task, context.attempt)}`,
  };
}

/**
 * Where an attempt's log is written while it runs: its stored place when the pipeline root is a
 * local directory (the launcher falls back to the local path when that directory cannot be made),
 * else `<logsDir>/<runId>/<taskPath>.attempt-<n>.log`, uploaded afterwards.
 */
export function liveLogPathOf(context: AttemptContext, logsDir: string): string {
  return liveLogPathIn(runLayout(context, '', logsDir), safeSegment(context.taskPath), context.attempt);
}

/** The parts of every attempt's layout that depend only on the run (and the launcher's directories). */
interface RunLayout {
  /** `<pipelineRoot>/<pipelineName>/<runId>`. */
  readonly uri: string;
  /** `<workDir>/<runId>`. */
  readonly workDir: string;
  /** `<logsDir>/<runId>`: one directory per run, not per task (a directory costs more than anything else an attempt does). */
  readonly localLogDir: string;
  /** Local path of `<uri>/logs` under a `file://` root; null for other roots. */
  readonly storedLogDir: string | null;
  /** `<uri>/logs` has a character (`?`, `#`) the URL parser reads specially: decode each log's whole URI. */
  readonly decodeWhole: boolean;
}

// Path and URI work (URL parsing above all) was most of an attempt's own CPU: done once per run.
const RUN_LAYOUTS = new Map<string, RunLayout>();
const RUN_LAYOUTS_KEPT = 64;

function runLayout(context: AttemptContext, workDir: string, logsDir: string): RunLayout {
  const key = `${context.runId}\0${context.pipelineName}\0${context.pipelineRoot}\0${workDir}\0${logsDir}`;
  let found = RUN_LAYOUTS.get(key);
  if (found === undefined) {
    const run = safeSegment(context.runId);
    const pipeline = safeSegment(context.pipelineName, false);
    const uri = [context.pipelineRoot.replace(/\/+$/, ''), pipeline, run].join('/');
    const local = context.pipelineRoot.startsWith('file://');
    found = {
      uri,
      workDir: path.join(workDir, run),
      localLogDir: path.join(logsDir, run),
      storedLogDir: local ? fileUriToPath(`${uri}/logs`) : null,
      decodeWhole: /[?#]/.test(uri),
    };
    if (RUN_LAYOUTS.size >= RUN_LAYOUTS_KEPT) RUN_LAYOUTS.delete(RUN_LAYOUTS.keys().next().value!);
    RUN_LAYOUTS.set(key, found);
  }
  return found;
}

function logName(task: string, attempt: number): string {
  return `${task}.attempt-${attempt}.log`;
}

function liveLogPathIn(run: RunLayout, task: string, attempt: number): string {
  if (run.storedLogDir === null) return `${run.localLogDir}/${logName(task, attempt)}`;
  // Decoding `<uri>/logs` once and appending the (safe, escape-free) name gives the path decoding
  // the whole URI would, unless the URI holds a query or fragment mark.
  if (run.decodeWhole) return fileUriToPath(`${run.uri}/logs/${logName(task, attempt)}`);
  return `${run.storedLogDir}/${logName(task, attempt)}`;
}
