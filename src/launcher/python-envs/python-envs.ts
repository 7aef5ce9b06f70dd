import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSkiffError, type SkiffError } from '../../errors/index.js';
import { type AttemptFailure, failure, failureFromError } from '../attempt-failure.js';
import type { ProcessExecutor } from '../process-executor.js';
import { buildEnv, PARTIAL_DIR } from './env-builder.js';
import { type EnvInstaller, findInstaller, type InstallerMode } from './env-installer.js';
import { withEnvLock } from './env-lock.js';
import { type EnvManifest, MANIFEST_FILE, USES_DIR } from './env-manifest.js';
import { type EnvSpec, envKey } from './env-spec.js';

/** How PythonEnvs is built. */
export interface PythonEnvsOptions {
  /** `<home>/envs`. */
  readonly envsDir: string;
  readonly installer: InstallerMode;
  /** Runs the installer's processes (their output goes to the build's log). */
  readonly executor: ProcessExecutor;
  /** Environment of the installer's processes (the task environment: PATH, proxies, pip settings). */
  readonly env: Readonly<Record<string, string>>;
  readonly nowMs?: () => number;
}

/** One attempt's need for an environment. */
export interface EnvRequest {
  readonly spec: EnvSpec;
  /** The attempt's log: a build's output is appended to the log of every attempt that waited for it. */
  readonly logPath: string;
  readonly signal: AbortSignal;
  /** Recorded as a user of the environment (`skiff envs list`). */
  readonly pipelineName: string;
}

/** An environment ready to run in. */
export interface ReadyEnv {
  readonly key: string;
  readonly dir: string;
  /** `<dir>/bin`: first on PATH, so `python3` and console scripts are the environment's. */
  readonly binDir: string;
  /** `<dir>/bin/python`: its `sys.executable` (the environment's, not the base interpreter's). */
  readonly python: string;
}

const USE_RECORD_INTERVAL_MS = 60 * 60 * 1000;

interface SharedBuild {
  readonly result: Promise<EnvManifest | AttemptFailure | 'done'>;
  readonly controller: AbortController;
  readonly logPaths: Set<string>;
  waiters: number;
}

/**
 * Python environments for components with packages to install, one per {@link EnvSpec} under
 * `<home>/envs/<key>`, like the image a KFP component would run in: made once (by one process at a
 * time, under a lock that a killed holder frees), whole or absent, then reused by every attempt and
 * run. Builds started by several attempts of this process at once are one build; it stops when
 * every attempt waiting for it is canceled.
 */
export class PythonEnvs {
  readonly #options: PythonEnvsOptions;
  readonly #builds = new Map<string, SharedBuild>();
  /** When this process last recorded each (environment, pipeline) use. */
  readonly #used = new Map<string, number>();
  readonly #installers = new Map<string, Promise<EnvInstaller | SkiffError>>();
  readonly #env: Readonly<Record<string, string>>;

  constructor(options: PythonEnvsOptions) {
    this.#options = options;
    this.#env = installerEnv(options.env);
  }

  /** The environment of `request.spec`, made first if it does not exist; or why it cannot be had. */
  async ensure(request: EnvRequest): Promise<ReadyEnv | AttemptFailure> {
    const key = envKey(request.spec);
    const dir = path.join(this.#options.envsDir, key);
    // Asked every time (one access call): `skiff envs prune` may remove an environment under a server.
    while (!(await isComplete(dir))) {
      const result = await this.#join(key, request);
      if (typeof result === 'object' && 'kind' in result) return result;
    }
    await this.#recordUse(key, dir, request.pipelineName);
    const binDir = path.join(dir, 'bin');
    return { key, dir, binDir, python: path.join(binDir, 'python') };
  }

  /** The installer environments are made with for `interpreter` (for `skiff doctor`). */
  installerFor(interpreter: string): Promise<EnvInstaller | SkiffError> {
    let found = this.#installers.get(interpreter);
    if (!found) {
      found = findInstaller(this.#options.installer, interpreter, this.#env);
      this.#installers.set(interpreter, found);
    }
    return found;
  }

  /** Wait for the shared build of `key` (starting it when none runs); 'retry' when it was canceled under us. */
  async #join(key: string, request: EnvRequest): Promise<EnvManifest | AttemptFailure | 'done' | 'retry'> {
    let build = this.#builds.get(key);
    // A build every waiter left is stopping: it is no build to wait for.
    if (!build || build.controller.signal.aborted) {
      build = this.#start(key, request.spec);
      this.#builds.set(key, build);
    }
    const shared = build;
    shared.waiters++;
    shared.logPaths.add(request.logPath);
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      if (--shared.waiters === 0) shared.controller.abort();
    };
    const canceled = new Promise<AttemptFailure>((resolve) => {
      const onAbort = () =>
        resolve(
          failure('SKIFF_EXEC_CANCELED', 'the attempt was canceled while its Python environment was made'),
        );
      if (request.signal.aborted) onAbort();
      else request.signal.addEventListener('abort', onAbort, { once: true });
      shared.result.finally(() => request.signal.removeEventListener('abort', onAbort));
    });
    const result = await Promise.race([shared.result, canceled]);
    leave();
    if (request.signal.aborted)
      return failure('SKIFF_EXEC_CANCELED', 'the attempt was canceled while its Python environment was made');
    // Canceled because every other waiter left before this attempt joined: build again.
    if (result !== 'done' && 'kind' in result && result.kind === 'CANCELED') return 'retry';
    return result;
  }

  #start(key: string, spec: EnvSpec): SharedBuild {
    const { envsDir, executor } = this.#options;
    const controller = new AbortController();
    const logPaths = new Set<string>();
    const dir = path.join(envsDir, key);
    const buildId = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const buildLog = path.join(envsDir, PARTIAL_DIR, `${key}-${buildId}.log`);
    const nowMs = this.#options.nowMs ?? Date.now;
    const build = async (): Promise<EnvManifest | AttemptFailure | 'done'> => {
      const installer = await this.installerFor(spec.interpreter);
      if (isSkiffError(installer)) return failureFromError(installer);
      await fs.mkdir(path.join(envsDir, PARTIAL_DIR), { recursive: true });
      const outcome = await withEnvLock(
        dir,
        controller.signal,
        () => isComplete(dir),
        async () => {
          if (await isComplete(dir)) return 'done' as const;
          await removeLeftovers(envsDir, key, buildLog);
          return buildEnv({
            spec,
            key,
            installer,
            envsDir,
            logPath: buildLog,
            nowMs,
            run: (argv, logPath) =>
              executor.run({
                command: argv[0]!,
                args: argv.slice(1),
                env: this.#env,
                cwd: envsDir,
                logPath,
                signal: controller.signal,
              }),
          });
        },
      );
      if (outcome === 'aborted')
        return failure('SKIFF_EXEC_CANCELED', 'the Python environment build was canceled');
      return outcome;
    };
    const result = build()
      .catch((error: unknown) =>
        failure(
          'SKIFF_ENV_CREATE',
          `the Python environment ${dir} could not be made: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .then(async (outcome) => {
        await shareLog(buildLog, logPaths, `${key} (build ${buildId})`, outcome);
        return outcome;
      })
      .finally(() => {
        if (this.#builds.get(key) === shared) this.#builds.delete(key);
      });
    const shared: SharedBuild = { result, controller, logPaths, waiters: 0 };
    return shared;
  }

  /**
   * Mark `dir` as used by `pipelineName` now (its file's mtime is the last use), at most once an
   * hour per process: a long-running server keeps the environments it uses from looking unused.
   */
  async #recordUse(key: string, dir: string, pipelineName: string): Promise<void> {
    const id = `${key}\0${pipelineName}`;
    const nowMs = (this.#options.nowMs ?? Date.now)();
    if (nowMs - (this.#used.get(id) ?? Number.NEGATIVE_INFINITY) < USE_RECORD_INTERVAL_MS) return;
    this.#used.set(id, nowMs);
    const name = createHash('sha256').update(pipelineName).digest('hex').slice(0, 16);
    try {
      await fs.mkdir(path.join(dir, USES_DIR), { recursive: true });
      await fs.writeFile(path.join(dir, USES_DIR, name), `${pipelineName}\n`);
    } catch {
      // A use record only feeds `skiff envs list`; a read-only environment still runs.
    }
  }
}

/** True when `dir` is a complete environment (its manifest is written just before it is renamed into place). */
export async function isComplete(dir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dir, MANIFEST_FILE));
    return true;
  } catch {
    return false;
  }
}

/** The task environment without what would send an install elsewhere (`--user`, `--target`, `--prefix`). */
function installerEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^(PIP_(USER|TARGET|PREFIX|ROOT|REQUIRE_VIRTUALENV)|PYTHONHOME|PYTHONPATH|VIRTUAL_ENV)$/.test(name))
      continue;
    own[name] = value;
  }
  return own;
}

/** Partial builds and logs of `key` left by builds that died (the caller holds the lock: none runs). */
async function removeLeftovers(envsDir: string, key: string, keep: string): Promise<void> {
  const partial = path.join(envsDir, PARTIAL_DIR);
  const names = await fs.readdir(partial).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(`${key}-`) && path.join(partial, name) !== keep)
      .map((name) => fs.rm(path.join(partial, name), { recursive: true, force: true })),
  );
}

/** Append the build's output to the log of every attempt that waited for it, then drop the build log. */
async function shareLog(
  buildLog: string,
  logPaths: ReadonlySet<string>,
  build: string,
  outcome: EnvManifest | AttemptFailure | 'done',
): Promise<void> {
  const key = build.split(' ')[0];
  const output = await fs.readFile(buildLog, 'utf8').catch(() => '');
  const summary =
    outcome === 'done'
      ? `[skiff] Python environment ${key} was made by another Skiff process\n`
      : 'kind' in outcome
        ? `[skiff] making Python environment ${build} failed: ${outcome.message.split('\n')[0]}\n`
        : `[skiff] made Python environment ${key} (${outcome.requirements.join(' ')}) with ${outcome.installer} in ${outcome.buildSeconds} s (build ${build.split('build ')[1]}\n`;
  const text = `${output === '' ? '' : `[skiff] output of Python environment build ${build}:\n${output}`}${summary}`;
  await Promise.all(
    [...logPaths].map(async (logPath) => {
      await fs.mkdir(path.dirname(logPath), { recursive: true }).catch(() => {});
      await fs.appendFile(logPath, text).catch(() => {});
    }),
  );
  await fs.rm(buildLog, { force: true }).catch(() => {});
}
