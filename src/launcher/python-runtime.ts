import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SkiffError } from '../errors/index.js';
import { diskFullError, isDiskFull, unusableDirReason } from '../local-fs/index.js';

/** The resolved Python interpreter of a launcher. */
export interface ResolvedPython {
  /** `sys.executable` of the configured interpreter (no pyenv shim in between). */
  readonly executable: string;
  /** A directory holding `python3` and `python` links to it, put first on PATH. */
  readonly binDir: string;
  /** Size and modification time of the real binary: tells a Python upgraded in place from the one before. */
  readonly stamp: string;
}

/**
 * The Python interpreter used for Python components, resolved once per launcher to its real path
 * (a pyenv shim costs ~0.15 s per start).
 */
export class PythonRuntime {
  private resolved: Promise<ResolvedPython | SkiffError> | undefined;

  /**
   * `interpreter` is looked up on `env.PATH`; links go under `<workDir>/.python/`. `knownExecutable`
   * may tell its `sys.executable` without starting it (the spawner helper runs on the same
   * interpreter and reports it); when it answers undefined the interpreter is asked.
   */
  constructor(
    private readonly interpreter: string,
    private readonly workDir: string,
    private readonly env: Readonly<Record<string, string>>,
    private readonly knownExecutable?: () => Promise<string | undefined>,
  ) {}

  /** The real interpreter, or SKIFF_PYTHON_NOT_FOUND (as a value) when it cannot be run. */
  resolve(): Promise<ResolvedPython | SkiffError> {
    this.resolved ??= this.locate();
    return this.resolved;
  }

  private async locate(): Promise<ResolvedPython | SkiffError> {
    let executable: string;
    try {
      executable =
        (await this.knownExecutable?.()) ??
        (await run(this.interpreter, ['-c', 'import sys; print(sys.executable)'], this.env)).trim();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return new SkiffError(
        'SKIFF_PYTHON_NOT_FOUND',
        `Python interpreter "${this.interpreter}" (executor.python.interpreter) cannot be run: ${reason}`,
        { cause: error },
      );
    }
    if (executable === '') {
      return new SkiffError(
        'SKIFF_PYTHON_NOT_FOUND',
        `Python interpreter "${this.interpreter}" reports no sys.executable`,
      );
    }
    const hash = createHash('sha256').update(executable).digest('hex').slice(0, 12);
    const binDir = path.join(this.workDir, '.python', hash);
    try {
      await fs.mkdir(binDir, { recursive: true });
    } catch (error) {
      if (isDiskFull(error)) return diskFullError(binDir, 'making the interpreter links', error);
      return new SkiffError(
        'SKIFF_CONFIG_INVALID',
        `Skiff's work directory ${binDir} under its home cannot be made, as ${unusableDirReason(binDir, error)}`,
        {
          fix: 'Set home (--home, SKIFF_HOME) to a directory this user can write, on a writable file system.',
          location: 'home',
          cause: error,
        },
      );
    }
    for (const name of ['python3', 'python']) {
      const temp = path.join(binDir, `.${name}-${randomUUID()}`);
      await fs.symlink(executable, temp);
      await fs.rename(temp, path.join(binDir, name));
    }
    const real = await fs.stat(executable).catch(() => undefined);
    return { executable, binDir, stamp: real ? `${real.size}-${Math.trunc(real.mtimeMs)}` : 'unknown' };
  }
}

function run(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message, { cause: error }));
      else resolve(stdout);
    });
  });
}
