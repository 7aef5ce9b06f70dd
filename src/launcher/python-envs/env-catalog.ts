import fs from 'node:fs/promises';
import path from 'node:path';
import { treeSizeBytes } from './dir-size.js';
import { PARTIAL_DIR } from './env-builder.js';
import { type EnvManifest, MANIFEST_FILE, parseManifest, USES_DIR } from './env-manifest.js';

/** One complete environment under `<home>/envs`. */
export interface EnvEntry {
  readonly key: string;
  /** `<envsDir>/<key>`. */
  readonly dir: string;
  readonly manifest: EnvManifest;
  /** Apparent size of the whole directory (symbolic links not followed). */
  readonly sizeBytes: number;
  /** Last use by any pipeline (newest `skiff-uses/*` mtime), else when it was made. */
  readonly lastUsedMs: number;
  /** Names of the pipelines that used it, sorted. */
  readonly pipelines: readonly string[];
}

/**
 * What is left of a build or a removal: `build` (a build's directory or log in `.partial/`),
 * `pruned` (an environment being deleted) or `no-manifest` (a directory under `<home>/envs`
 * without a readable `skiff-env.json`, which runs would never use).
 */
export interface LeftoverEntry {
  readonly kind: 'build' | 'pruned' | 'no-manifest';
  /** The environment key it belongs to: the lock of `<envsDir>/<key>` guards it. */
  readonly key: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

/** Everything under `<home>/envs`: environments (last used first) and leftovers (by path). */
export interface EnvCatalog {
  readonly envsDir: string;
  readonly envs: readonly EnvEntry[];
  readonly leftovers: readonly LeftoverEntry[];
}

/** Totals of `<home>/envs` for `skiff doctor`. */
export interface EnvsDirSize {
  readonly envCount: number;
  readonly envBytes: number;
  readonly leftoverCount: number;
  readonly leftoverBytes: number;
}

/** The environments and leftovers under `envsDir` (both empty when it does not exist). */
export async function listEnvs(envsDir: string): Promise<EnvCatalog> {
  const names = await readdirOrEmpty(envsDir);
  const envs: EnvEntry[] = [];
  const leftovers: LeftoverEntry[] = [];
  await Promise.all(
    names.map(async (name) => {
      // `<key>.lock` is a build's (or prune's) lock; `.partial` is listed below.
      if (name === PARTIAL_DIR || name.endsWith('.lock')) return;
      const entry = await readEnv(envsDir, name);
      if (entry !== undefined) envs.push(entry);
      else if (await isDirectory(path.join(envsDir, name)))
        leftovers.push(await leftover('no-manifest', name, path.join(envsDir, name)));
    }),
  );
  const partialDir = path.join(envsDir, PARTIAL_DIR);
  const partialNames = await readdirOrEmpty(partialDir);
  leftovers.push(
    ...(await Promise.all(
      partialNames.map((name) =>
        leftover(
          /^[^-]+-pruned-/.test(name) ? 'pruned' : 'build',
          name.split('-')[0]!,
          path.join(partialDir, name),
        ),
      ),
    )),
  );
  envs.sort((a, b) => b.lastUsedMs - a.lastUsedMs || a.key.localeCompare(b.key));
  leftovers.sort((a, b) => a.path.localeCompare(b.path));
  return { envsDir, envs, leftovers };
}

/** Number and size of the environments and of the leftovers under `envsDir`. */
export async function envsDirSize(envsDir: string): Promise<EnvsDirSize> {
  const { envs, leftovers } = await listEnvs(envsDir);
  const sum = (sizes: readonly { sizeBytes: number }[]) => sizes.reduce((total, e) => total + e.sizeBytes, 0);
  return {
    envCount: envs.length,
    envBytes: sum(envs),
    leftoverCount: leftovers.length,
    leftoverBytes: sum(leftovers),
  };
}

/** The complete environment `<envsDir>/<key>`, or undefined when it has no readable manifest. */
export async function readEnv(envsDir: string, key: string): Promise<EnvEntry | undefined> {
  const dir = path.join(envsDir, key);
  const text = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8').catch(() => undefined);
  const manifest = text === undefined ? undefined : parseManifest(text);
  if (manifest === undefined) return undefined;
  const [uses, sizeBytes] = await Promise.all([readUses(dir), treeSizeBytes(dir)]);
  const lastUsedMs = uses.length === 0 ? manifest.createdAtMs : Math.max(...uses.map((u) => u.mtimeMs));
  const pipelines = [...new Set(uses.map((u) => u.pipeline).filter((p) => p !== ''))].sort();
  return { key, dir, manifest, sizeBytes, lastUsedMs, pipelines };
}

/** The use records of the environment at `dir`: pipeline name (file content) and last use (mtime). */
async function readUses(dir: string): Promise<{ pipeline: string; mtimeMs: number }[]> {
  const usesDir = path.join(dir, USES_DIR);
  const names = await readdirOrEmpty(usesDir);
  const uses = await Promise.all(
    names.map(async (name) => {
      const file = path.join(usesDir, name);
      try {
        const [stat, text] = await Promise.all([fs.lstat(file), fs.readFile(file, 'utf8')]);
        return stat.isFile() ? { pipeline: text.trim(), mtimeMs: Math.trunc(stat.mtimeMs) } : undefined;
      } catch {
        return undefined; // removed meanwhile, or not a file
      }
    }),
  );
  return uses.filter((use) => use !== undefined);
}

async function leftover(kind: LeftoverEntry['kind'], key: string, target: string): Promise<LeftoverEntry> {
  const [stat, sizeBytes] = await Promise.all([
    fs.lstat(target).catch(() => undefined),
    treeSizeBytes(target),
  ]);
  return { kind, key, path: target, sizeBytes, modifiedMs: Math.trunc(stat?.mtimeMs ?? 0) };
}

async function isDirectory(target: string): Promise<boolean> {
  return (await fs.lstat(target).catch(() => undefined))?.isDirectory() ?? false;
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
