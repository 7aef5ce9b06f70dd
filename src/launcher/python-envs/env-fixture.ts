import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EnvManifest } from './env-manifest.js';
import { MANIFEST_FILE, USES_DIR } from './env-manifest.js';

// Test fixture (kept out of index.ts): environment directories laid out as a build leaves them,
// without running an installer.

/** What `makeEnvDir` writes. */
export interface EnvDirOptions {
  /** Manifest `createdAtMs`; default now. */
  readonly createdAtMs?: number;
  readonly requirements?: readonly string[];
  /** A use record per pipeline: `skiff-uses/<hash>` holding the name, with `usedAtMs` as mtime. */
  readonly uses?: readonly { readonly pipeline: string; readonly usedAtMs: number }[];
  /** Size of `lib/payload.bin`, standing in for installed packages. Default 1000. */
  readonly payloadBytes?: number;
}

/** Make a complete environment `<envsDir>/<key>` (manifest, `bin/python` link, payload, uses); resolves to its path. */
export async function makeEnvDir(envsDir: string, key: string, options: EnvDirOptions = {}): Promise<string> {
  const dir = path.join(envsDir, key);
  await fs.mkdir(path.join(dir, 'lib'), { recursive: true });
  await fs.mkdir(path.join(dir, 'bin'), { recursive: true });
  await fs.symlink('/usr/bin/python3', path.join(dir, 'bin', 'python'));
  await fs.writeFile(path.join(dir, 'lib', 'payload.bin'), Buffer.alloc(options.payloadBytes ?? 1000));
  const manifest: EnvManifest = {
    key,
    interpreter: '/usr/bin/python3',
    pythonVersion: '3.11.2',
    requirements: options.requirements ?? ['requests==2.31.0'],
    options: [],
    systemSitePackages: false,
    seedPip: false,
    installer: 'pip 23.0.1',
    createdAtMs: options.createdAtMs ?? Date.now(),
    buildSeconds: 4.2,
  };
  await fs.writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const use of options.uses ?? []) await recordUse(dir, use.pipeline, use.usedAtMs);
  return dir;
}

/** Record that `pipeline` used the environment at `dir` at `usedAtMs`, as a run does. */
export async function recordUse(dir: string, pipeline: string, usedAtMs: number): Promise<void> {
  const file = path.join(dir, USES_DIR, createHash('sha256').update(pipeline).digest('hex').slice(0, 16));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${pipeline}\n`);
  await fs.utimes(file, usedAtMs / 1000, usedAtMs / 1000);
}

/** Make `<envsDir>/.partial/<name>` as a dead build leaves it (a directory, or a `.log` file), changed at `modifiedMs`. */
export async function makeLeftover(envsDir: string, name: string, modifiedMs: number): Promise<string> {
  const target = path.join(envsDir, '.partial', name);
  if (name.endsWith('.log')) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, 'Collecting requests\n');
  } else {
    await fs.mkdir(path.join(target, 'lib'), { recursive: true });
    await fs.writeFile(path.join(target, 'lib', 'half.bin'), Buffer.alloc(500));
  }
  await fs.utimes(target, modifiedMs / 1000, modifiedMs / 1000);
  return target;
}
