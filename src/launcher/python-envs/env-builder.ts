import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type AttemptFailure, failure, logTail } from '../attempt-failure.js';
import type { ProcessResult } from '../process-executor.js';
import { createCommand, type EnvInstaller, installCommand, installerName } from './env-installer.js';
import { type EnvManifest, MANIFEST_FILE } from './env-manifest.js';
import type { EnvSpec } from './env-spec.js';
import { installFailure } from './install-failure.js';

/** Runs one step of a build (a process whose output goes to `logPath`). */
export type RunStep = (argv: readonly string[], logPath: string) => Promise<ProcessResult>;

/** Where a build happens and what it runs with. */
export interface BuildPlan {
  readonly spec: EnvSpec;
  readonly key: string;
  readonly installer: EnvInstaller;
  /** `<home>/envs`: the environment goes to `<envsDir>/<key>`. */
  readonly envsDir: string;
  /** The build's own log (the output of the installer), copied into the logs of attempts that waited. */
  readonly logPath: string;
  readonly run: RunStep;
  readonly nowMs: () => number;
}

/** The folder under `<home>/envs` where environments are built before they are renamed into place. */
export const PARTIAL_DIR = '.partial';

/**
 * Build the environment of `plan.spec` in `<envsDir>/.partial/<key>-<nonce>` and rename it to
 * `<envsDir>/<key>` once complete, so an environment is there whole or not at all. Paths the
 * installer wrote into scripts and `pyvenv.cfg` are moved to the final place before the rename.
 * On any failure the partial directory is removed. Resolves to the manifest, or the attempt failure.
 */
export async function buildEnv(plan: BuildPlan): Promise<EnvManifest | AttemptFailure> {
  const { spec, key, installer, envsDir } = plan;
  const finalDir = path.join(envsDir, key);
  const buildDir = path.join(envsDir, PARTIAL_DIR, `${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const startedMs = plan.nowMs();
  const name = installerName(installer);
  try {
    await fs.mkdir(path.dirname(buildDir), { recursive: true });
    const created = await plan.run(createCommand(installer, spec, buildDir), plan.logPath);
    const createFailed = await stepFailure(created, plan.logPath);
    if (createFailed !== null) {
      return failure(
        createFailed.kind === 'canceled' ? 'SKIFF_EXEC_CANCELED' : 'SKIFF_ENV_CREATE',
        `creating the Python environment for ${quoted(spec.requirements)} with ${name} failed (${createFailed.how})${createFailed.tail}`,
      );
    }
    const installed = await plan.run(installCommand(installer, spec, buildDir), plan.logPath);
    const installFailed = await stepFailure(installed, plan.logPath);
    if (installFailed !== null) {
      if (installFailed.kind === 'canceled')
        return failure('SKIFF_EXEC_CANCELED', 'the attempt was canceled while its packages were installed');
      const log = await fs.readFile(plan.logPath, 'utf8').catch(() => '');
      return installFailure(log, spec.requirements, installFailed.how, name);
    }
    await relocate(buildDir, finalDir);
    // Byte code made now, naming the final paths (tracebacks show those), as an image has it: an
    // interpreter told not to write byte code (PYTHONDONTWRITEBYTECODE) would else compile every
    // module of every package at every start. A module that does not compile (test data written for
    // another Python) is no reason to fail: its error stays in the log.
    if (await plan.run(compileCommand(buildDir, finalDir), plan.logPath).then(isCanceled))
      return failure('SKIFF_EXEC_CANCELED', 'the attempt was canceled while its packages were installed');
    const manifest: EnvManifest = {
      key,
      interpreter: spec.interpreter,
      pythonVersion: await pythonVersion(buildDir),
      requirements: spec.requirements,
      options: spec.options,
      systemSitePackages: spec.systemSitePackages,
      seedPip: spec.seedPip,
      installer: name,
      createdAtMs: plan.nowMs(),
      buildSeconds: Math.round((plan.nowMs() - startedMs) / 100) / 10,
    };
    await fs.writeFile(path.join(buildDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await publish(buildDir, finalDir);
    return manifest;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure('SKIFF_ENV_CREATE', `the Python environment ${finalDir} could not be made: ${reason}`);
  } finally {
    await fs.rm(buildDir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * Rename into place. When the place is taken by a complete environment (another build held the
 * lock past its staleness and finished first), keep that one; when by a directory that is not one
 * (no manifest: made by hand, or half-removed), move it aside and take the place.
 */
async function publish(buildDir: string, finalDir: string): Promise<void> {
  try {
    await fs.rename(buildDir, finalDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    const complete = await fs.access(path.join(finalDir, MANIFEST_FILE)).then(
      () => true,
      () => false,
    );
    if (complete) return;
    const aside = `${buildDir}-replaced`;
    await fs.rename(finalDir, aside);
    await fs.rm(aside, { recursive: true, force: true });
    await fs.rename(buildDir, finalDir);
  }
}

/**
 * Replace the build path by the final one in the files that name it: the console scripts'
 * `#!` lines and activation scripts in `bin/`, and `pyvenv.cfg`.
 */
async function relocate(buildDir: string, finalDir: string): Promise<void> {
  const binDir = path.join(buildDir, 'bin');
  const names = await fs.readdir(binDir).catch(() => [] as string[]);
  const files = [...names.map((name) => path.join(binDir, name)), path.join(buildDir, 'pyvenv.cfg')];
  await Promise.all(
    files.map(async (file) => {
      const stat = await fs.lstat(file).catch(() => undefined);
      if (!stat?.isFile() || stat.size > 1024 * 1024) return;
      const text = await fs.readFile(file);
      if (!text.includes(buildDir)) return;
      await fs.writeFile(file, text.toString('latin1').replaceAll(buildDir, finalDir), 'latin1');
    }),
  );
}

/** `compileall` of the environment's `lib`, recording `<finalDir>/lib/...` as the source paths. */
function compileCommand(buildDir: string, finalDir: string): string[] {
  const lib = path.join(buildDir, 'lib');
  return [
    path.join(buildDir, 'bin', 'python'),
    '-m',
    'compileall',
    '-q',
    '-j',
    '0',
    '-d',
    path.join(finalDir, 'lib'),
    lib,
  ];
}

function isCanceled(result: ProcessResult): boolean {
  return result.kind === 'canceled';
}

async function pythonVersion(dir: string): Promise<string> {
  const cfg = await fs.readFile(path.join(dir, 'pyvenv.cfg'), 'utf8').catch(() => '');
  return /^version(?:_info)?\s*=\s*(\S+)/m.exec(cfg)?.[1] ?? 'unknown';
}

async function stepFailure(
  result: ProcessResult,
  logPath: string,
): Promise<{ kind: 'canceled' | 'failed'; how: string; tail: string } | null> {
  switch (result.kind) {
    case 'exited':
      if (result.exitCode === 0) return null;
      return {
        kind: 'failed',
        how: `exit code ${result.exitCode}`,
        tail: tailText(await logTail(logPath, 5)),
      };
    case 'spawn-error':
      return { kind: 'failed', how: result.message, tail: '' };
    case 'timeout':
      return { kind: 'failed', how: 'it ran past the attempt time limit', tail: '' };
    case 'canceled':
      return { kind: 'canceled', how: 'canceled', tail: '' };
  }
}

function tailText(tail: string): string {
  return tail === '' ? '' : `: ${tail.split('\n').join(' | ')}`;
}

function quoted(requirements: readonly string[]): string {
  return requirements.map((r) => `"${r}"`).join(', ');
}
