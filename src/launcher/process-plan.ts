import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSkiffError } from '../errors/index.js';
import { type AttemptFailure, failure } from './attempt-failure.js';
import type { ProcessExecutor } from './process-executor.js';
import { moduleForRequirement, type PipPackages, recognizePythonCommand } from './python-command.js';
import type { PythonRuntime, ResolvedPython } from './python-runtime.js';

/** How Python components run: `auto` (bundled runtime), `installed` (the interpreter's kfp), `pip` (as written). */
export type KfpRuntimeMode = 'auto' | 'installed' | 'pip';

/** What the planner needs from the launcher. */
export interface PlanDeps {
  readonly python: PythonRuntime;
  readonly kfpRuntime: KfpRuntimeMode;
  /** Directory holding the bundled `kfp` package (`<repo>/python`). */
  readonly runtimePath: string;
  readonly executor: ProcessExecutor;
}

/** One attempt's process, as resolved from its command line. */
export interface PlannedProcess {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** Where and for whom the process runs. */
export interface PlanTarget {
  readonly cwd: string;
  readonly logPath: string;
  readonly signal: AbortSignal;
  /** Container image, named in NOT_LOCAL messages. */
  readonly image: string;
}

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * Turn a resolved command line into the process to run. KFP Python component shapes run the real
 * interpreter directly with the bundled runtime on PYTHONPATH (`auto`), after pip-installing any
 * `packages_to_install` that are not importable; everything else runs as written with `python3`
 * resolved to the configured interpreter.
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
  if (deps.kfpRuntime === 'pip') return checkScript({ command, args, env }, target);
  const python = await deps.python.resolve();
  const shape = recognizePythonCommand(argv);
  if (shape.kind === 'other') {
    const withPath = isSkiffError(python) ? env : envWithPython(env, python.binDir);
    return checkScript({ command, args, env: withPath }, target);
  }
  if (isSkiffError(python)) return failure('SKIFF_PYTHON_NOT_FOUND', `${python.message}; fix: ${python.fix}`);
  const pythonEnv = runtimeEnv(env, python, deps);
  switch (shape.kind) {
    case 'lightweight': {
      const installed = await ensurePackages(shape.packages, python, target, deps, env);
      if (installed !== null) return installed;
      const modulePath = path.join(target.cwd, 'ephemeral_component.py');
      await fs.writeFile(modulePath, shape.source);
      return {
        command: python.executable,
        args: ['-m', 'kfp.dsl.executor_main', '--component_module_path', modulePath, ...shape.args],
        env: { ...pythonEnv, _KFP_RUNTIME: 'true' },
      };
    }
    case 'prelude': {
      const installed = await ensurePackages(shape.packages, python, target, deps, env);
      if (installed !== null) return installed;
      const [first, ...rest] = shape.argv;
      return checkScript({ command: first ?? 'true', args: rest, env: pythonEnv }, target);
    }
    case 'containerized':
      if (!shape.hasModulePath) {
        return failure(
          'SKIFF_EXEC_NOT_LOCAL',
          `containerized Python component: "python3 -m kfp.dsl.executor_main" gets no --component_module_path, so its module (and kfp_config.ini) exist only inside image "${target.image}"`,
        );
      }
      return {
        command: python.executable,
        args: ['-m', 'kfp.dsl.executor_main', ...shape.args],
        env: pythonEnv,
      };
  }
}

function runtimeEnv(
  env: Readonly<Record<string, string>>,
  python: ResolvedPython,
  deps: PlanDeps,
): Record<string, string> {
  const withPath = { ...env, PATH: prependPath(python.binDir, env.PATH ?? DEFAULT_PATH) };
  if (deps.kfpRuntime !== 'auto') return withPath;
  return { ...withPath, PYTHONPATH: prependPath(deps.runtimePath, env.PYTHONPATH ?? '') };
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

async function ensurePackages(
  packages: PipPackages,
  python: ResolvedPython,
  target: PlanTarget,
  deps: PlanDeps,
  env: Readonly<Record<string, string>>,
): Promise<AttemptFailure | null> {
  if (packages.requirements.length === 0) return null;
  const modules = packages.requirements.map(moduleForRequirement);
  const missing = new Set(await deps.python.missingModules(python, modules));
  const toInstall = packages.requirements.filter((_, i) => missing.has(modules[i]!));
  if (toInstall.length === 0) return null;
  const result = await deps.executor.run({
    command: python.executable,
    args: [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--no-warn-script-location',
      '--disable-pip-version-check',
      '--retries',
      '1',
      '--timeout',
      '10',
      ...packages.options,
      ...toInstall,
    ],
    env,
    cwd: target.cwd,
    logPath: target.logPath,
    signal: target.signal,
  });
  if (result.kind === 'canceled')
    return failure('SKIFF_EXEC_CANCELED', 'the attempt was canceled while installing packages');
  if (result.kind === 'exited' && result.exitCode === 0) return null;
  const names = toInstall.map((r) => `"${r}"`).join(', ');
  const how =
    result.kind === 'exited'
      ? `pip exited with code ${result.exitCode}`
      : result.kind === 'timeout'
        ? 'pip timed out'
        : result.message;
  return failure(
    'SKIFF_EXEC_NOT_LOCAL',
    `the component needs the Python package(s) ${names}, which ${python.executable} cannot import, and installing them failed (${how}; see the log)`,
  );
}
