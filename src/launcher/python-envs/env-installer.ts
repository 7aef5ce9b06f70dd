import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { SkiffError } from '../../errors/index.js';
import type { EnvSpec } from './env-spec.js';

/** `executor.python.installer`: uv, pip, or auto (uv when it is on PATH, else pip). */
export type InstallerMode = 'auto' | 'uv' | 'pip';

/** The tool that creates environments and installs into them, with its version. */
export type EnvInstaller =
  | { readonly kind: 'uv'; readonly command: string; readonly version: string }
  | {
      readonly kind: 'pip';
      readonly version: string;
      /**
       * True when the interpreter's own pip (22.3 or later) installs into the environment through
       * `--python`, so the environment needs no pip of its own (created in a fraction of the time).
       */
      readonly external: boolean;
    };

/** Find the installer for `mode`; SKIFF_ENV_CREATE (as a value) when none can run. */
export async function findInstaller(
  mode: InstallerMode,
  interpreter: string,
  env: Readonly<Record<string, string>>,
): Promise<EnvInstaller | SkiffError> {
  if (mode !== 'pip') {
    const uv = onPath('uv', env.PATH ?? '');
    if (uv !== undefined) {
      const version = await output(uv, ['--version'], env);
      if (version !== undefined) return { kind: 'uv', command: uv, version: version.replace(/^uv\s+/, '') };
    }
    if (mode === 'uv') {
      return new SkiffError(
        'SKIFF_ENV_CREATE',
        `executor.python.installer is "uv", but no runnable uv is on PATH (${env.PATH ?? ''})`,
        { fix: 'Install uv (it is one binary), or set executor.python.installer to auto or pip.' },
      );
    }
  }
  const pip = await output(interpreter, ['-m', 'pip', '--version'], env);
  const version = /^pip (\S+)/.exec(pip ?? '')?.[1];
  if (version === undefined) {
    // No pip in the interpreter: each environment gets its own through ensurepip (the venv default).
    const venv = await output(interpreter, ['-c', 'import venv, ensurepip'], env);
    if (venv === undefined) {
      return new SkiffError(
        'SKIFF_ENV_CREATE',
        `${interpreter} has neither pip nor the venv and ensurepip modules, and uv is not on PATH, so no environment can be made for packages_to_install`,
      );
    }
    return { kind: 'pip', version: 'ensurepip', external: false };
  }
  return { kind: 'pip', version, external: atLeast(version, [22, 3]) };
}

/** A short name for logs and `skiff doctor`: `uv 0.5.1`, `pip 23.2.1`. */
export function installerName(installer: EnvInstaller): string {
  return `${installer.kind} ${installer.version}`;
}

/** The command that creates an empty environment at `dir` for `spec`. */
export function createCommand(installer: EnvInstaller, spec: EnvSpec, dir: string): string[] {
  const site = spec.systemSitePackages ? ['--system-site-packages'] : [];
  if (installer.kind === 'uv') {
    return [
      installer.command,
      'venv',
      '--quiet',
      '--python',
      spec.interpreter,
      ...site,
      ...(spec.seedPip ? ['--seed'] : []),
      dir,
    ];
  }
  const withoutPip = installer.external && !spec.seedPip ? ['--without-pip'] : [];
  return [spec.interpreter, '-m', 'venv', ...withoutPip, ...site, dir];
}

/** The command that installs `spec.requirements` into the environment at `dir`. */
export function installCommand(installer: EnvInstaller, spec: EnvSpec, dir: string): string[] {
  const envPython = path.join(dir, 'bin', 'python');
  if (installer.kind === 'uv') {
    return [
      installer.command,
      'pip',
      'install',
      '--python',
      envPython,
      ...uvOptions(spec.options),
      ...spec.requirements,
    ];
  }
  // Byte code is compiled on first import, at the environment's final path (not the build path).
  const pipArgs = [
    'install',
    '--no-compile',
    '--no-warn-script-location',
    '--disable-pip-version-check',
    '--retries',
    '1',
    '--timeout',
    '15',
    ...spec.options,
    ...spec.requirements,
  ];
  return installer.external
    ? [spec.interpreter, '-m', 'pip', '--python', envPython, ...pipArgs]
    : [envPython, '-m', 'pip', ...pipArgs];
}

/** pip's index options in uv's spelling (uv calls a trusted host an insecure one). */
function uvOptions(options: readonly string[]): string[] {
  const names: Readonly<Record<string, string>> = {
    '-i': '--index-url',
    '-f': '--find-links',
    '--trusted-host': '--allow-insecure-host',
  };
  return options.map((option) => names[option] ?? option);
}

function onPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(':')) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function atLeast(version: string, minimum: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

function output(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim()),
    );
  });
}
