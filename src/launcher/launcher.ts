import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AttemptOutcome, AttemptRequest, AttemptRunner, Logger } from '../engine/ports.js';
import { isSkiffError } from '../errors/index.js';
import type { IoValues } from '../metadata/records.js';
import {
  type AttemptFailure,
  failure,
  failureFromError,
  logTail,
  missingFromLog,
} from './attempt-failure.js';
import { type AttemptLayout, attemptLayout, liveLogPathOf } from './attempt-layout.js';
import { noteInLog, storeAttemptLog, usableLogPath } from './attempt-log.js';
import { CancelGrace } from './cancel-grace.js';
import { collectOutputs } from './collect-outputs.js';
import { buildExecutorInput } from './executor-input.js';
import { localPlatform } from './kubernetes/index.js';
import { nulByteFailure } from './nul-bytes.js';
import {
  type PipelinePlaceholderValues,
  pipelinePlaceholderValues,
  resolveCommandLine,
  resolveInline,
} from './placeholders.js';
import type { ProcessExecutor, ProcessResult } from './process-executor.js';
import { type KfpRuntimeMode, planProcess } from './process-plan.js';
import { type InstallerMode, PythonEnvs } from './python-envs/index.js';
import { type ImageInterpreter, PythonInterpreters } from './python-interpreters.js';
import { PythonRuntime } from './python-runtime.js';
import { publishOutputs, type StoreFor, stageInputs } from './stage-artifacts.js';

/** What the launcher is built from (wired by the entry point). */
export interface LauncherDeps {
  /** Resolves the store for a pipeline root or artifact URI. */
  readonly storeFor: StoreFor;
  readonly executor: ProcessExecutor;
  /** `<home>/work`: per-attempt directories. */
  readonly workDir: string;
  /** `<home>/logs`: live logs. */
  readonly logsDir: string;
  /** `<home>/envs`: Python environments of components with packages to install. */
  readonly envsDir: string;
  readonly python: {
    readonly interpreter: string;
    readonly kfpRuntime: KfpRuntimeMode;
    /** `<repo>/python`, holding the bundled `kfp` runtime. */
    readonly runtimePath: string;
    /**
     * The interpreter's `sys.executable` when something already knows it (the spawner helper
     * runs on it), so it need not be started to be resolved; undefined: ask the interpreter.
     */
    readonly knownExecutable?: () => Promise<string | undefined>;
    /** Environments also see the interpreter's site-packages. Default false. */
    readonly systemSitePackages?: boolean;
    /** What makes environments. Default auto (uv when on PATH, else pip). */
    readonly installer?: InstallerMode;
    /** Local interpreters standing in for images (`executor.python.images`). */
    readonly images?: readonly ImageInterpreter[];
  };
  /** Base environment of every process (PATH, HOME...), passed from the entry point. */
  readonly env?: Readonly<Record<string, string>>;
  /** Terminate an attempt's process after this many milliseconds (outcome TIMEOUT). Default: no limit. */
  readonly timeoutMs?: number;
  /** Where the launcher says what it gave up on (a storage call that hung after a cancel). */
  readonly log?: Logger;
}

/** The launcher: an AttemptRunner that can get ready before its first attempt. */
export interface Launcher extends AttemptRunner {
  /**
   * Resolve the Python interpreter now, not on the first attempt that needs it; `python` false
   * (no command of the run may run Python, see `pipelineMayRunPython`) leaves it for later.
   */
  warmUp(python?: boolean): void;
}

/** Create the AttemptRunner that stages, runs and collects one attempt of a container task. */
export function createLauncher(deps: LauncherDeps): Launcher {
  const baseEnv = deps.env ?? {};
  const python = new PythonRuntime(
    deps.python.interpreter,
    deps.workDir,
    baseEnv,
    deps.python.knownExecutable,
  );
  // Directories made once per run (workspace, shared work dir), so later attempts skip the mkdir.
  const made = new Set<string>();
  const plan = {
    pythons: new PythonInterpreters(python, deps.python.images ?? [], deps.workDir, baseEnv),
    envs: new PythonEnvs({
      envsDir: deps.envsDir,
      installer: deps.python.installer ?? 'auto',
      executor: deps.executor,
      env: baseEnv,
    }),
    kfpRuntime: deps.python.kfpRuntime,
    systemSitePackages: deps.python.systemSitePackages ?? false,
    runtimePath: deps.python.runtimePath,
  };

  async function attempt(
    request: AttemptRequest,
    layout: AttemptLayout,
    ownDir: boolean,
    noted: { note?: string },
    grace: CancelGrace,
  ): Promise<AttemptFailure | IoValues> {
    const { context, container } = request;
    const cwd = await prepareDirs(layout, request, ownDir, made);
    const platform = localPlatform(request.kubernetes, {
      parameters: request.inputs.parameters,
      scopeParameters: request.platformScope.dagParameters,
      upstreamOutputs: request.platformScope.upstreamOutputs,
      taskName: context.taskName,
      runId: context.runId,
      pipelineName: context.pipelineName,
      executorLabel: request.component.executorLabel,
      image: container.image,
    });
    if (!platform.ok) return failureFromError(platform.error);
    if (platform.notes.length > 0) {
      await fs.mkdir(path.dirname(layout.liveLogPath), { recursive: true });
      await fs.appendFile(layout.liveLogPath, platform.notes.map((note) => `[skiff] ${note}\n`).join(''));
    }
    const inputs =
      Object.keys(request.inputs.artifacts).length === 0
        ? { artifacts: {}, paths: {}, uriPaths: {} }
        : await grace.wait(
            'the download of input artifacts',
            stageInputs(request.inputs.artifacts, layout.inputsDir, deps.storeFor),
          );
    const built = buildExecutorInput({
      parameterValues: request.inputs.parameters,
      inputArtifacts: inputs.artifacts,
      outputs: request.component.outputs,
      layout,
    });
    const { executorInput, outputArtifactPaths, defaultUris } = built;
    let pipeline: PipelinePlaceholderValues | undefined;
    const placeholders = {
      executorInput,
      inputArtifactPaths: inputs.paths,
      outputArtifactPaths,
      // Made when a `{{$.pipeline_*}}` placeholder is first looked up: most commands have none.
      get pipeline() {
        pipeline ??= pipelinePlaceholderValues(context);
        return pipeline;
      },
      workspacePath: context.workspacePath,
    };
    const argv = resolveCommandLine([...container.command, ...container.args], placeholders);
    // Remote URIs only: the Python runtime maps file:// URIs itself, and those outputs are written in place.
    const artifactPaths: Record<string, string> = {};
    for (const [uri, local] of Object.entries(inputs.uriPaths))
      if (!isFileUri(uri)) artifactPaths[uri] = local;
    for (const [name, uri] of Object.entries(defaultUris))
      if (!isFileUri(uri)) artifactPaths[uri] = outputArtifactPaths[name]!;
    // Most attempts add nothing to the base environment and share its object: the planner and the
    // spawner (which sends an environment only when it changed) then see at once that it is the same.
    let env: Readonly<Record<string, string>> = baseEnv;
    const hasArtifactPaths = Object.keys(artifactPaths).length > 0;
    if (Object.keys(platform.env).length > 0 || container.env.length > 0 || hasArtifactPaths) {
      const own: Record<string, string> = { ...baseEnv, ...platform.env };
      for (const variable of container.env) own[variable.name] = resolveInline(variable.value, placeholders);
      if (hasArtifactPaths) own.SKIFF_ARTIFACT_PATHS = JSON.stringify(artifactPaths);
      env = own;
    }
    const target = {
      cwd,
      logPath: layout.liveLogPath,
      signal: request.signal,
      image: container.image,
      pipelineName: context.pipelineName,
    };
    if (request.signal.aborted) return canceled();
    const nul = nulByteFailure(argv, env, request.inputs.parameters);
    if (nul !== null) return nul;
    const planned = await planProcess(argv, env, target, plan);
    if ('kind' in planned) return planned;
    if (planned.note !== undefined) noted.note = planned.note;
    const timeout = deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs };
    const release = await request.processSlot.acquire();
    let result: ProcessResult;
    try {
      result = await deps.executor.run({ ...planned, ...target, ...timeout });
    } finally {
      release();
    }
    const ended = await processFailure(result, layout.liveLogPath, container.image);
    if (ended !== null) return ended;
    const collected = await collectOutputs(request.component.outputs, executorInput);
    if (!collected.ok) return failureFromError(collected.error, 0);
    const staging = { stagedPaths: outputArtifactPaths, defaultUris, attemptDir: layout.attemptDir };
    // Nothing to upload (no artifact outputs): nothing to wait for either.
    const artifacts =
      Object.keys(collected.outputs.artifacts).length === 0
        ? {}
        : await grace.wait(
            'the upload of output artifacts',
            publishOutputs(collected.outputs.artifacts, staging, deps.storeFor, randomUUID),
          );
    return { parameters: collected.outputs.parameters, artifacts };
  }

  return {
    warmUp(mayRunPython = true) {
      // With `pip`, commands run as written: nothing waits for the interpreter's path.
      // A rejection (links not made) is the first attempt's to report.
      if (mayRunPython && deps.python.kfpRuntime !== 'pip') python.resolve().catch(() => {});
    },
    liveLogPath: (context) => liveLogPathOf(context, deps.logsDir),
    terminateLost: async (logPath) => deps.executor.terminateLost?.(logPath),
    async run(request) {
      const planned = attemptLayout(request.context, deps);
      const grace = new CancelGrace(request.signal);
      const liveLogPath = await grace
        .wait('making the log directory', usableLogPath(planned, made))
        .catch(() => planned.localLogPath);
      const layout = { ...planned, liveLogPath };
      const ownDir = needsOwnDir(request);
      let result: AttemptFailure | IoValues;
      const noted: { note?: string } = {};
      try {
        result = await attempt(request, layout, ownDir, noted, grace);
      } catch (error) {
        const coded = isSkiffError(error) && error.code === 'SKIFF_EXEC_CANCELED';
        result = coded
          ? failureFromError(error)
          : request.signal.aborted
            ? canceled()
            : failureFromError(error);
      }
      const succeeded = !('kind' in result);
      // The log tells why an attempt failed, also when its process never started.
      if ('kind' in result) await noteInLog(layout.liveLogPath, result.message.split('\n')[0] ?? '');
      // The directory of a succeeded attempt goes in the background: nothing reads it any more, and
      // removing files can cost a millisecond each (ext4 with online discard), which a chain of tasks
      // would pay on every step. Pending removals keep the process alive until they are done.
      if (succeeded && ownDir) removeAttemptDir(layout);
      const logUri = await grace
        .wait('storing the log', storeAttemptLog(deps.storeFor, request.context, layout, made))
        .catch(() => layout.liveLogPath);
      if (grace.abandoned.length > 0) {
        const { runId, taskPath, attempt } = request.context;
        deps.log?.warn(
          { runId, task: taskPath, attempt, abandoned: grace.abandoned },
          `attempt canceled; stopped waiting for storage calls that did not return: ${grace.abandoned.join(', ')}`,
        );
      }
      if ('kind' in result) {
        const { taskPath, attempt } = request.context;
        const message = result.message.replace(
          /^(SKIFF_[A-Z_]+): /,
          `$1: task "${taskPath}" attempt ${attempt}: `,
        );
        return { ok: false, kind: result.kind, message, exitCode: result.exitCode, logUri, ...noted };
      }
      return { ok: true, outputs: result, exitCode: 0, logUri, ...noted } satisfies AttemptOutcome;
    },
  };
}

/**
 * True when an attempt needs a directory of its own: it has outputs or input artifacts, or its
 * command reads the executor input or output paths. Others (say `echo`, `true`) run in the run's
 * shared work directory: directories are the dearest file-system operation of a short attempt.
 */
function needsOwnDir(request: AttemptRequest): boolean {
  const { component, container, inputs } = request;
  if (Object.keys(component.outputs.parameters).length > 0) return true;
  if (Object.keys(component.outputs.artifacts).length > 0) return true;
  if (Object.keys(inputs.artifacts).length > 0) return true;
  const texts = [...container.command, ...container.args, ...container.env.map((e) => e.value)];
  return texts.some((text) => text.includes('{{$') || text.includes('executor_main'));
}

/**
 * Create what the attempt needs, and only that (`ownDir`: see {@link needsOwnDir}); returns the
 * process's working directory. Directories are made synchronously: a mkdir takes tens of
 * microseconds, a round trip through libuv's thread pool several times that, and a chain of tasks
 * waits for these on every step.
 */
async function prepareDirs(
  layout: AttemptLayout,
  request: AttemptRequest,
  ownDir: boolean,
  made: Set<string>,
): Promise<string> {
  const dirs: string[] = [];
  const workspace = request.context.workspacePath;
  if (!made.has(workspace)) dirs.push(workspace);
  let cwd = layout.attemptDir;
  if (ownDir) {
    // mkdir answers undefined when the directory was there already: left by an earlier try of a
    // resumed run, so start it afresh.
    if (mkdirSync(layout.attemptDir, { recursive: true }) === undefined) {
      await fs.rm(layout.attemptDir, { recursive: true, force: true });
      await fs.mkdir(layout.attemptDir, { recursive: true });
    }
    const { outputs } = request.component;
    if (Object.keys(outputs.parameters).length > 0) dirs.push(layout.parametersDir);
    if (Object.keys(outputs.artifacts).length > 0) dirs.push(layout.artifactsDir);
  } else {
    cwd = path.dirname(layout.attemptDir);
    if (!made.has(cwd)) dirs.push(cwd);
  }
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  for (const dir of [workspace, cwd]) made.add(dir);
  return cwd;
}

/**
 * Remove a succeeded attempt's directory (one call when it is empty), in the background. One that
 * cannot be removed stays in the work directory, as the directory of an attempt that crashed does.
 */
function removeAttemptDir(layout: AttemptLayout): void {
  fs.rmdir(layout.attemptDir)
    .catch(() => fs.rm(layout.attemptDir, { recursive: true, force: true }))
    .catch(() => {});
}

function canceled(): AttemptFailure {
  return failure('SKIFF_EXEC_CANCELED', 'the attempt was canceled');
}

async function processFailure(
  result: ProcessResult,
  logPath: string,
  image: string,
): Promise<AttemptFailure | null> {
  switch (result.kind) {
    case 'exited': {
      if (result.exitCode === 0) return null;
      const tail = await logTail(logPath);
      const missing = missingFromLog(tail, result.exitCode);
      const shown = tail === '' ? '(the log is empty)' : `last lines of ${logPath}:\n${tail}`;
      if (missing !== null) {
        return failure(
          'SKIFF_EXEC_NOT_LOCAL',
          `${missing} (exit code ${result.exitCode}); ${shown}`,
          result.exitCode,
        );
      }
      return failure(
        'SKIFF_EXEC_NONZERO',
        `the process exited with code ${result.exitCode}; ${shown}`,
        result.exitCode,
      );
    }
    case 'spawn-error':
      return result.notFound
        ? failure('SKIFF_EXEC_NOT_LOCAL', `${result.message}; it exists only inside image "${image}"`)
        : failure('SKIFF_EXEC_SPAWN', result.message);
    case 'timeout':
      return failure('SKIFF_EXEC_TIMEOUT', 'the process ran past its time limit and was terminated');
    case 'canceled':
      return canceled();
  }
}

function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}
