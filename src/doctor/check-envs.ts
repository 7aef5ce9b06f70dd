import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { isSkiffError, SkiffError } from '../errors/index.js';
import {
  type EnvInstaller,
  envsDirSize,
  findInstaller,
  formatBytes,
  type InstallerMode,
  installerName,
} from '../launcher/python-envs/index.js';
import { PythonRuntime } from '../launcher/python-runtime.js';
import { type DoctorCheck, failedCheck, timed } from './doctor-report.js';

/**
 * The Python environments for packages_to_install (`<home>/envs`): which installer makes them
 * (fails when none can, e.g. installer uv without uv), how many there are and their size.
 */
export async function checkEnvs(config: Config, env: Readonly<Record<string, string>>): Promise<DoctorCheck> {
  const envsDir = join(config.home, 'envs');
  const { interpreter, installer: mode } = config.executor.python;
  const { value, durationMs } = await timed(async () => {
    const [resolved, sizes] = await Promise.all([
      new PythonRuntime(interpreter, join(config.home, 'work'), env).resolve(),
      envsDirSize(envsDir).catch(
        (error: unknown) =>
          new SkiffError(
            'SKIFF_ENV_CREATE',
            `the environments directory ${envsDir} cannot be read: ${String(error)}`,
            {
              fix: 'Make it readable and writable by this user, or set home (--home, SKIFF_HOME) to a directory that is.',
              cause: error,
            },
          ),
      ),
    ]);
    const installer = isSkiffError(resolved) ? resolved : await findInstaller(mode, resolved.executable, env);
    return { resolved, installer, sizes };
  });
  const { resolved, installer, sizes } = value;
  if (isSkiffError(sizes)) return failedCheck('python envs', envsDir, sizes, durationMs);
  let contents = `${sizes.envCount} environment${sizes.envCount === 1 ? '' : 's'}, ${formatBytes(sizes.envBytes)}`;
  if (sizes.leftoverCount > 0)
    contents += `; ${formatBytes(sizes.leftoverBytes)} of leftovers from builds (\`skiff envs prune\` removes them)`;
  if (isSkiffError(resolved)) {
    const detail = `the interpreter cannot be run (see the python check), so no installer was looked for; ${contents}`;
    return { name: 'python envs', target: envsDir, status: 'skip', detail, durationMs };
  }
  if (isSkiffError(installer)) {
    const failed = failedCheck('python envs', envsDir, installer, durationMs);
    return { ...failed, detail: `${failed.detail}; ${contents}` };
  }
  // Without pip in the interpreter, each environment gets its own pip from ensurepip: no version to show.
  const name =
    installer.kind === 'pip' && installer.version === 'ensurepip' ? 'pip' : installerName(installer);
  const detail = `${name} (${how(installer, mode)}); ${contents}`;
  return { name: 'python envs', target: envsDir, status: 'ok', detail, durationMs };
}

/** How environments are made with `installer`, and why it was chosen. */
function how(installer: EnvInstaller, mode: InstallerMode): string {
  if (installer.kind === 'uv') return `uv venv + uv pip install${mode === 'auto' ? '; uv is on PATH' : ''}`;
  const why = mode === 'pip' ? 'executor.python.installer: pip' : 'uv is not on PATH';
  if (installer.version === 'ensurepip') return `python -m venv with its own pip from ensurepip; ${why}`;
  return `python -m venv + pip${installer.external ? ' --python' : ''}; ${why}`;
}
