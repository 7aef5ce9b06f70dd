import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { PARTIAL_DIR } from './env-builder.js';
import { type EnvEntry, type LeftoverEntry, listEnvs, readEnv } from './env-catalog.js';

/** The lock a build takes (see env-lock.ts): a prune never removes what a build is using. */
const LOCK = { stale: 10_000, realpath: false } as const;
/**
 * A build's log is read after its lock is released (it is copied into the attempts' logs), so
 * build leftovers changed this recently are kept even when no lock is held.
 */
const RECENT_LEFTOVER_MS = 60_000;

/** What `pruneEnvs` removes. */
export interface PruneOptions {
  /** Remove environments last used at least this long ago. */
  readonly olderThanMs: number;
  /** Remove every environment however recently used (never one whose lock is held). Default false. */
  readonly all?: boolean;
  /** Only report what would be removed. Default false. */
  readonly dryRun?: boolean;
  /** The time ages are measured from; default now. */
  readonly nowMs?: number;
}

/** Why an item was (or would be) removed, or kept. */
export type PruneReason = 'unused' | 'all' | 'leftover' | 'in use' | 'recently used';

/** One environment or leftover that a prune removed or kept. */
export interface PruneItem {
  readonly kind: 'env' | LeftoverEntry['kind'];
  readonly key: string;
  readonly path: string;
  readonly sizeBytes: number;
  /** Environments only: last use, and the pipelines that used it. */
  readonly lastUsedMs?: number;
  readonly pipelines?: readonly string[];
  readonly reason: PruneReason;
}

/** The outcome of a prune: with `dryRun`, `removed` is what would have been removed. */
export interface PruneResult {
  readonly envsDir: string;
  readonly dryRun: boolean;
  readonly removed: readonly PruneItem[];
  readonly kept: readonly PruneItem[];
  /** Sum of the sizes of `removed`. */
  readonly freedBytes: number;
}

/**
 * Remove the environments under `envsDir` not used for `olderThanMs` (or all of them), and the
 * leftovers of dead builds and removals. Each is removed under the lock its builds take (one
 * whose lock is held is kept as "in use"); an environment is first renamed into `.partial/`, so
 * a run sees it whole or not at all.
 */
export async function pruneEnvs(envsDir: string, options: PruneOptions): Promise<PruneResult> {
  const nowMs = options.nowMs ?? Date.now();
  const dryRun = options.dryRun ?? false;
  const catalog = await listEnvs(envsDir);
  const removed: PruneItem[] = [];
  const kept: PruneItem[] = [];
  const isOld = (env: EnvEntry) => options.all === true || nowMs - env.lastUsedMs >= options.olderThanMs;
  for (const listed of catalog.envs) {
    if (!isOld(listed)) {
      kept.push(envItem(listed, 'recently used'));
      continue;
    }
    const reason = options.all === true ? 'all' : 'unused';
    if (dryRun) {
      const held = await lockfile.check(listed.dir, LOCK);
      (held ? kept : removed).push(envItem(listed, held ? 'in use' : reason));
      continue;
    }
    const outcome = await underLock(listed.dir, async () => {
      // Read again under the lock: a run may have used it, or another prune removed it, since the listing.
      const env = await readEnv(envsDir, listed.key);
      if (env === undefined) return undefined;
      if (!isOld(env)) return { item: envItem(env, 'recently used'), grave: undefined };
      return { item: envItem(env, reason), grave: await bury(envsDir, env.key, env.dir) };
    });
    if (outcome === 'locked') kept.push(envItem(listed, 'in use'));
    else if (outcome !== undefined) {
      (outcome.grave === undefined ? kept : removed).push(outcome.item);
      if (outcome.grave !== undefined) await fs.rm(outcome.grave, { recursive: true, force: true });
    }
  }
  const byKey = new Map<string, LeftoverEntry[]>();
  for (const l of catalog.leftovers) byKey.set(l.key, [...(byKey.get(l.key) ?? []), l]);
  for (const [key, leftovers] of byKey) {
    const recent = leftovers.filter((l) => l.kind === 'build' && nowMs - l.modifiedMs < RECENT_LEFTOVER_MS);
    kept.push(...recent.map((l) => leftoverItem(l, 'in use')));
    const stale = leftovers.filter((l) => !recent.includes(l));
    if (stale.length === 0) continue;
    const target = path.join(envsDir, key);
    if (dryRun) {
      const held = await lockfile.check(target, LOCK);
      (held ? kept : removed).push(...stale.map((l) => leftoverItem(l, held ? 'in use' : 'leftover')));
      continue;
    }
    const outcome = await underLock(target, async () => {
      for (const l of stale) {
        // A directory without a manifest sits where runs look: move it out of their way first.
        const grave = l.kind === 'no-manifest' ? await bury(envsDir, key, l.path) : l.path;
        await fs.rm(grave, { recursive: true, force: true });
      }
    });
    (outcome === 'locked' ? kept : removed).push(
      ...stale.map((l) => leftoverItem(l, outcome === 'locked' ? 'in use' : 'leftover')),
    );
  }
  const freedBytes = removed.reduce((sum, item) => sum + item.sizeBytes, 0);
  return { envsDir, dryRun, removed, kept, freedBytes };
}

/** Run `work` holding the lock of `target`; 'locked' when a build (or another prune) holds it. */
async function underLock<T>(target: string, work: () => Promise<T>): Promise<T | 'locked'> {
  let release: () => Promise<void>;
  try {
    // A lock taken over while held (this process stalled 10 s) is harmless: a build only publishes by rename.
    release = await lockfile.lock(target, { ...LOCK, retries: 0, onCompromised: () => {} });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return 'locked';
    throw error;
  }
  try {
    return await work();
  } finally {
    await release().catch(() => {});
  }
}

/** Rename `dir` to `<envsDir>/.partial/<key>-pruned-<hex>` (atomic); resolves to the new path. */
async function bury(envsDir: string, key: string, dir: string): Promise<string> {
  const grave = path.join(envsDir, PARTIAL_DIR, `${key}-pruned-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(path.dirname(grave), { recursive: true });
  await fs.rename(dir, grave);
  return grave;
}

function envItem(env: EnvEntry, reason: PruneReason): PruneItem {
  const { key, dir, sizeBytes, lastUsedMs, pipelines } = env;
  return { kind: 'env', key, path: dir, sizeBytes, lastUsedMs, pipelines, reason };
}

function leftoverItem(leftover: LeftoverEntry, reason: PruneReason): PruneItem {
  const { kind, key, path: where, sizeBytes } = leftover;
  return { kind, key, path: where, sizeBytes, reason };
}
