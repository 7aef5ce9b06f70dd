import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isSkiffError } from '../errors/index.js';
import { type AttemptFailure, failure, failureFromError } from './attempt-failure.js';
import { mayRunPython, type PipPackages, recognizePythonCommand } from './python-command.js';
import type { PythonEnvs } from './python-envs/index.js';
import type { PythonInterpreters } from './python-interpreters.js';
import type { ResolvedPython } from './python-runtime.js';

/** How Python components run: `auto` (bundled runtime), `installed` (the interpreter's kfp), `pip` (as written). */
export type KfpRuntimeMode = 'auto' | 'installed' | 'pip';

/** What the planner needs from the launcher. */
export interface PlanDeps {
  /** The interpreter for each image (the configured one, or a local Python of the image's version). */
  readonly pythons: PythonInterpreters;
  /** Environments of components with packages to install. */
  readonly envs: PythonEnvs;
  readonly kfpRuntime: KfpRuntimeMode;
  /** Environments also see the interpreter's site-packages (`executor.python.systemSitePackages`). */
  readonly systemSitePackages: boolean;
  /** Directory holding the bundled `kfp` package (`<repo>/python`). */
  readonly runtimePath: string;
}

/** One attempt's process, as resolved from its command line. */
export interface PlannedProcess {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** What the attempt runs on when it differs from what its image has (recorded on the attempt). */
  readonly note?: string;
}

/** Where and for whom the process runs. */
export interface PlanTarget {
  readonly cwd: string;
  readonly logPath: string;
  readonly signal: AbortSignal;
  /** Container image, named in NOT_LOCAL messages and mapped to a local Python. */
  readonly image: string;
  /** Recorded as a user of the environments the attempt runs in. */
  readonly pipelineName: string;
}

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * Turn a resolved command line into the process to run. KFP Python component shapes run the
 * image's interpreter (see PythonInterpreters) directly with the bundled runtime on PYTHONPATH
 * (`auto`); a component with packages to install runs in its own environment under
 * `<home>/envs` (never the interpreter's own site-packages); everything else that may run Python
 * (see `mayRunPython`) runs as written with `python3` resolved to the image's interpreter, and the
 * rest runs as written.
 */
export async function planProcess(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  target: PlanTarget,
  deps: PlanDeps,
): Promise<PlannedProcess | AttemptFailure> {
  const [command, ...args] = argv;
  if (command === undefined || command === '') {
    return failure(
      'SKIFF_EXEC_NOT_LOCAL',
      `the container has no command, so it relies on the entrypoint of image "${target.image}", which does not exist on this machine`,
    );
  }
  const shape = recognizePythonCommand(argv);
  // `true`, `sh -c 'echo done'`: nothing here runs Python, so nothing waits for an interpreter.
  if (shape.kind === 'other' && !mayRunPython(argv)) return checkScript({ command, args, env }, target);
  const image = await deps.pythons.forImage(target.image);
  if (isSkiffError(image)) return failureFromError(image);
  const note = image.note === undefined ? {} : { note: image.note };
  const python = await image.runtime.resolve();
  if (deps.kfpRuntime === 'pip') {
    if (isSkiffError(python) || shape.kind === 'other' || shape.kind === 'containerized')
      return checkScript({ command, args, env, ...note }, target);
    // As written, with `python3` and `pip` those of an environment holding every package the
    // prelude installs (KFP's too): its `pip install` finds them there and changes nothing else.
    const packages = {
      ...shape.packages,
      requirements: [...shape.packages.kfp, ...shape.packages.requirements],
    };
    const ready = await environment(packages, python, true, target, deps);
    if ('kind' in ready) return ready;
    return checkScript({ command, args, env: envWithPython(env, ready.binDir), ...note }, target);
  }
  if (shape.kind === 'other') {
    const withPath = isSkiffError(python) ? env : envWithPython(env, python.binDir);
    return checkScript({ command, args, env: withPath, ...note }, target);
  }
  if (isSkiffError(python)) return failure('SKIFF_PYTHON_NOT_FOUND', `${python.message}; fix: ${python.fix}`);
  let interpreter = { executable: python.executable, binDir: python.binDir, isolated: false };
  if (shape.kind !== 'containerized' && shape.packages.requirements.length > 0) {
    const ready = await environment(shape.packages, python, false, target, deps);
    if ('kind' in ready) return ready;
    interpreter = { executable: ready.python, binDir: ready.binDir, isolated: true };
  }
  const pythonEnv = runtimeEnv(env, interpreter.binDir, interpreter.isolated, deps);
  switch (shape.kind) {
    case 'lightweight': {
      const modulePath = path.join(target.cwd, 'ephemeral_component.py');
      // Written on this thread: a small file, and a trip through the thread pool costs more.
      writeFileSync(modulePath, shape.source);
      return {
        command: interpreter.executable,
        args: ['-m', 'kfp.dsl.executor_main', '--component_module_path', modulePath, ...shape.args],
        env: { ...pythonEnv, _KFP_RUNTIME: 'true' },
        ...note,
      };
    }
    case 'prelude': {
      const [first, ...rest] = shape.argv;
      return checkScript({ command: first ?? 'true', args: rest, env: pythonEnv, ...note }, target);
    }
    case 'containerized':
      if (!shape.hasModulePath) {
        return failure(
          'SKIFF_EXEC_NOT_LOCAL',
          `containerized Python component: "python3 -m kfp.dsl.executor_main" gets no --component_module_path, so its module (and kfp_config.ini) exist only inside image "${target.image}"`,
        );
      }
      return {
        command: interpreter.executable,
        args: ['-m', 'kfp.dsl.executor_main', ...shape.args],
        env: pythonEnv,
        ...note,
      };
  }
}

/**
 * The environment holding `packages` for `python`. With `installed`, environments see the
 * interpreter's site-packages (where its kfp is); otherwise as `executor.python.systemSitePackages` says.
 */
function environment(
  packages: PipPackages,
  python: ResolvedPython,
  seedPip: boolean,
  target: PlanTarget,
  deps: PlanDeps,
) {
  return deps.envs.ensure({
    spec: {
      interpreter: python.executable,
      interpreterStamp: python.stamp,
      requirements: packages.requirements,
      options: packages.options,
      systemSitePackages: deps.systemSitePackages || deps.kfpRuntime === 'installed',
      seedPip,
    },
    logPath: target.logPath,
    signal: target.signal,
    pipelineName: target.pipelineName,
  });
}

/**
 * The environment of a Python component: its interpreter's directory first on PATH and the bundled
 * runtime on PYTHONPATH (`auto`). In an environment of its own (`isolated`) the process sees what an
 * image would: no PYTHONPATH of the user's and no user site-packages, which would shadow its pins.
 */
function runtimeEnv(
  env: Readonly<Record<string, string>>,
  binDir: string,
  isolated: boolean,
  deps: PlanDeps,
): Record<string, string> {
  const withPath: Record<string, string> = { ...env, PATH: prependPath(binDir, env.PATH ?? DEFAULT_PATH) };
  if (isolated) {
    delete withPath.PYTHONPATH;
    withPath.PYTHONNOUSERSITE = '1';
  }
  if (deps.kfpRuntime !== 'auto') return withPath;
  return { ...withPath, PYTHONPATH: prependPath(deps.runtimePath, withPath.PYTHONPATH ?? '') };
}

// One environment object per (attempt environment, interpreter): attempts that share their
// environment share this one too (no copy per attempt; the spawner compares it by identity).
const WITH_PYTHON = new WeakMap<object, { readonly binDir: string; readonly env: Record<string, string> }>();

/** `env` with the interpreter's directory first on PATH (`python3` in shell commands is that one). */
function envWithPython(env: Readonly<Record<string, string>>, binDir: string): Record<string, string> {
  const found = WITH_PYTHON.get(env);
  if (found?.binDir === binDir) return found.env;
  const made = { ...env, PATH: prependPath(binDir, env.PATH ?? DEFAULT_PATH) };
  WITH_PYTHON.set(env, { binDir, env: made });
  return made;
}

function prependPath(first: string, rest: string): string {
  return rest === '' ? first : `${first}:${rest}`;
}

/** `sh run.sh` or `python3 train.py` whose script is not here: the script lives in the image. */
function checkScript(process: PlannedProcess, target: PlanTarget): PlannedProcess | AttemptFailure {
  const interpreter = path.basename(process.command);
  const script = process.args[0];
  if (
    !/^(sh|bash|dash|python\d?(\.\d+)?)$/.test(interpreter) ||
    script === undefined ||
    script.startsWith('-')
  ) {
    return process;
  }
  if (existsSync(path.resolve(target.cwd, script))) return process;
  return failure(
    'SKIFF_EXEC_NOT_LOCAL',
    `script "${script}" run by "${process.command}" is not on this machine; it exists only inside image "${target.image}"`,
  );
}
