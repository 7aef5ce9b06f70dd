import { execFile } from 'node:child_process';
import type { Config } from '../config/index.js';
import { PythonRuntime } from '../launcher/python-runtime.js';
import { type DoctorCheck, failedCheck } from './doctor-report.js';

const PROBE = 'import sys, kfp.dsl.executor_main; print("%d.%d.%d" % sys.version_info[:3])';

/** The configured interpreter runs, and (kfpRuntime auto) imports the bundled KFP executor runtime. */
export async function checkPython(
  config: Config,
  runtimePath: string,
  env: Readonly<Record<string, string>>,
): Promise<DoctorCheck> {
  const { interpreter, kfpRuntime } = config.executor.python;
  const target = `${interpreter} (executor.python.interpreter)`;
  const started = performance.now();
  const resolved = await new PythonRuntime(interpreter, `${config.home}/work`, env).resolve();
  if (resolved instanceof Error) return failedCheck('python', target, resolved);
  const pythonPath = kfpRuntime === 'auto' ? { PYTHONPATH: runtimePath } : {};
  const result = await new Promise<{ ok: boolean; text: string }>((resolve) => {
    execFile(
      resolved.executable,
      ['-c', PROBE],
      { env: { ...env, ...pythonPath }, encoding: 'utf8', timeout: 15_000 },
      (error, stdout, stderr) =>
        resolve({ ok: !error, text: (error ? stderr || error.message : stdout).trim() }),
    );
  });
  const durationMs = Math.round(performance.now() - started);
  if (!result.ok) {
    const runtime = kfpRuntime === 'auto' ? 'the bundled KFP runtime' : 'kfp (executor.python.kfpRuntime)';
    return {
      name: 'python',
      target,
      status: 'fail',
      detail: `${resolved.executable} cannot import ${runtime}: ${result.text.split('\n').at(-1) ?? ''}`,
      fix:
        kfpRuntime === 'auto'
          ? 'Reinstall Skiff (its python/ folder is missing or broken), or use an interpreter >= 3.8.'
          : 'Install kfp into that interpreter, or set executor.python.kfpRuntime: auto.',
      code: 'SKIFF_PYTHON_NOT_FOUND',
      durationMs,
    };
  }
  const runtime = kfpRuntime === 'auto' ? 'bundled KFP runtime' : `kfp runtime ${kfpRuntime}`;
  return {
    name: 'python',
    target,
    status: 'ok',
    detail: `Python ${result.text} at ${resolved.executable}, ${runtime} importable`,
    durationMs,
  };
}
