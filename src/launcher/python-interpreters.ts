import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SkiffError } from '../errors/index.js';
import { PythonRuntime } from './python-runtime.js';

/** One `executor.python.images` entry: the local interpreter that stands in for an image. */
export interface ImageInterpreter {
  readonly image: string;
  readonly interpreter: string;
}

/** The interpreter for an attempt's image, and what to record when it is not the one the image has. */
export interface ImagePython {
  readonly runtime: PythonRuntime;
  /** Set when the image names a Python version that no local interpreter provides. */
  readonly note?: string;
}

/** Registries whose names may stand before an official image's name (`docker.io/library/python:3.9`). */
const REGISTRY_PREFIX =
  /^(?:(?:index\.)?docker\.io\/|public\.ecr\.aws\/docker\/|mirror\.gcr\.io\/)?(?:library\/)?/;
const PYTHON_IMAGE = /^python:(\d+)\.(\d+)(?:$|[.\-@])/;

/**
 * Maps container images to local Python interpreters: an `executor.python.images` entry, else for
 * `python:3.X…` a `python3.X` on PATH that is Python 3.X, else the configured interpreter (with a
 * note saying so). Each interpreter is resolved once.
 */
export class PythonInterpreters {
  readonly #runtimes = new Map<string, PythonRuntime>();
  readonly #byVersion = new Map<string, Promise<PythonRuntime | undefined>>();
  /** Answers by image: every attempt of a component asks again, and resolving takes system calls. */
  readonly #byImage = new Map<string, Promise<ImagePython | SkiffError>>();

  /** `fallback` is the configured interpreter (`executor.python.interpreter`). */
  constructor(
    readonly fallback: PythonRuntime,
    private readonly images: readonly ImageInterpreter[],
    private readonly workDir: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** The interpreter for `image`; SKIFF_PYTHON_NOT_FOUND (as a value) when its configured entry cannot run. */
  forImage(image: string): Promise<ImagePython | SkiffError> {
    let found = this.#byImage.get(image);
    if (!found) {
      found = this.#find(image);
      this.#byImage.set(image, found);
    }
    return found;
  }

  async #find(image: string): Promise<ImagePython | SkiffError> {
    const name = image.replace(REGISTRY_PREFIX, '');
    const entry = this.images.find((e) => matches(name, e.image.replace(REGISTRY_PREFIX, '')));
    if (entry) {
      const runtime = this.#runtime(expandHome(entry.interpreter, this.env));
      const resolved = await runtime.resolve();
      if (resolved instanceof SkiffError) {
        return new SkiffError(
          'SKIFF_PYTHON_NOT_FOUND',
          `executor.python.images maps image "${entry.image}" to "${entry.interpreter}", which cannot be run: ${resolved.message}`,
          { fix: 'Correct the interpreter path of that entry, or remove the entry.' },
        );
      }
      return { runtime };
    }
    const version = PYTHON_IMAGE.exec(name);
    if (!version) return { runtime: this.fallback };
    const wanted = `${version[1]}.${version[2]}`;
    const fallback = await this.fallback.resolve();
    if (fallback instanceof SkiffError || versionOf(fallback.executable) === wanted)
      return { runtime: this.fallback };
    const local = await this.#forVersion(wanted);
    const resolved = await local?.resolve();
    if (local && resolved && !(resolved instanceof SkiffError)) {
      // The same interpreter under another name: keep the configured one (its fork server, its environments).
      const same = realPath(resolved.executable) === realPath(fallback.executable);
      return { runtime: same ? this.fallback : local };
    }
    return {
      runtime: this.fallback,
      note: `image "${image}" has Python ${wanted}; no local Python ${wanted} was found (python${wanted} on PATH, or executor.python.images), so it ran on ${fallback.executable}${versionOf(fallback.executable) ? ` (Python ${versionOf(fallback.executable)})` : ''}`,
    };
  }

  #runtime(interpreter: string): PythonRuntime {
    let runtime = this.#runtimes.get(interpreter);
    if (!runtime) {
      runtime = new PythonRuntime(interpreter, this.workDir, this.env);
      this.#runtimes.set(interpreter, runtime);
    }
    return runtime;
  }

  /** `python3.X` from PATH when it runs and is Python 3.X (a pyenv shim of another version is not). */
  #forVersion(wanted: string): Promise<PythonRuntime | undefined> {
    let found = this.#byVersion.get(wanted);
    if (!found) {
      found = new Promise((resolve) => {
        execFile(
          `python${wanted}`,
          ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
          { env: this.env, encoding: 'utf8', timeout: 15_000 },
          (error, stdout) =>
            resolve(!error && stdout.trim() === wanted ? this.#runtime(`python${wanted}`) : undefined),
        );
      });
      this.#byVersion.set(wanted, found);
    }
    return found;
  }
}

/** True when `image` is `entry` or one of its tags that continues it with ".", "-" or "@". */
function matches(image: string, entry: string): boolean {
  if (image === entry) return true;
  return image.startsWith(entry) && '.-@'.includes(image.charAt(entry.length));
}

/** `3.11` from an executable that is (a link to) a file named `python3.11`; undefined for other names. */
function versionOf(executable: string): string | undefined {
  return /python(\d+\.\d+)$/.exec(path.basename(realPath(executable)))?.[1];
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function expandHome(file: string, env: Readonly<Record<string, string>>): string {
  if (file !== '~' && !file.startsWith('~/')) return file;
  return path.join(env.HOME ?? os.homedir(), file.slice(1));
}
