import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEnvDir, makeLeftover } from './env-fixture.js';
import { pruneEnvs } from './env-prune.js';

const DAY_MS = 86_400_000;
// Whole seconds: file times are set through utimes, in seconds.
const NOW_MS = Math.floor(Date.now() / 1000) * 1000;
let envsDir: string;
let releases: (() => Promise<void>)[];

beforeEach(async () => {
  envsDir = path.join(await fs.mkdtemp(path.join(tmpdir(), 'skiff-env-prune-')), 'envs');
  await fs.mkdir(envsDir);
  releases = [];
});
afterEach(async () => {
  for (const release of releases) await release();
  await fs.rm(path.dirname(envsDir), { recursive: true, force: true });
});

/** Hold the lock a build of `key` takes, as a running build does. */
async function holdBuildLock(key: string): Promise<void> {
  releases.push(await lockfile.lock(path.join(envsDir, key), { stale: 10_000, realpath: false, retries: 0 }));
}

async function twoEnvs(): Promise<void> {
  await makeEnvDir(envsDir, 'old', {
    createdAtMs: NOW_MS - 90 * DAY_MS,
    payloadBytes: 50_000,
    uses: [{ pipeline: 'train', usedAtMs: NOW_MS - 45 * DAY_MS }],
  });
  await makeEnvDir(envsDir, 'new', {
    createdAtMs: NOW_MS - 90 * DAY_MS,
    uses: [{ pipeline: 'eval', usedAtMs: NOW_MS - 2 * DAY_MS }],
  });
}

async function partialNames(): Promise<string[]> {
  return (await fs.readdir(path.join(envsDir, '.partial')).catch(() => [] as string[])).sort();
}

describe('pruneEnvs', () => {
  it('removes environments not used for olderThanMs and keeps the others, with their sizes', async () => {
    await twoEnvs();

    const result = await pruneEnvs(envsDir, { olderThanMs: 30 * DAY_MS, nowMs: NOW_MS });

    expect(result.removed).toMatchObject([
      { kind: 'env', key: 'old', reason: 'unused', pipelines: ['train'], lastUsedMs: NOW_MS - 45 * DAY_MS },
    ]);
    expect(result.kept).toMatchObject([{ kind: 'env', key: 'new', reason: 'recently used' }]);
    expect(result.freedBytes).toBe(result.removed[0]!.sizeBytes);
    expect(result.freedBytes).toBeGreaterThanOrEqual(50_000);
    expect(existsSync(path.join(envsDir, 'old'))).toBe(false);
    expect(existsSync(path.join(envsDir, 'new', 'skiff-env.json'))).toBe(true);
    // Renamed out of the way, then deleted: nothing of it is left in .partial/ either.
    expect(await partialNames()).toEqual([]);
  });

  it('removes every environment with all, however recently used', async () => {
    await twoEnvs();

    const result = await pruneEnvs(envsDir, { olderThanMs: 30 * DAY_MS, all: true, nowMs: NOW_MS });

    expect(result.removed.map((item) => [item.key, item.reason]).sort()).toEqual([
      ['new', 'all'],
      ['old', 'all'],
    ]);
    expect(await fs.readdir(envsDir)).toEqual(['.partial']);
  });

  it('removes nothing on a dry run, and says what it would remove', async () => {
    await twoEnvs();
    await makeLeftover(envsDir, 'gone-77-abcdef01', NOW_MS - DAY_MS);

    const result = await pruneEnvs(envsDir, { olderThanMs: 30 * DAY_MS, dryRun: true, nowMs: NOW_MS });

    expect(result.dryRun).toBe(true);
    expect(result.removed.map((item) => [item.kind, item.key])).toEqual([
      ['env', 'old'],
      ['build', 'gone'],
    ]);
    expect(existsSync(path.join(envsDir, 'old', 'skiff-env.json'))).toBe(true);
    expect(await partialNames()).toEqual(['gone-77-abcdef01']);
  });

  it('keeps an environment whose lock a build holds, as in use, on a dry run and for real', async () => {
    await twoEnvs();
    await holdBuildLock('old');

    const dry = await pruneEnvs(envsDir, { olderThanMs: 0, dryRun: true, nowMs: NOW_MS });
    const real = await pruneEnvs(envsDir, { olderThanMs: 0, nowMs: NOW_MS });

    for (const result of [dry, real]) {
      expect(result.kept).toMatchObject([{ key: 'old', reason: 'in use' }]);
      expect(result.removed.map((item) => item.key)).toEqual(['new']);
    }
    expect(existsSync(path.join(envsDir, 'old', 'skiff-env.json'))).toBe(true);
    expect(existsSync(path.join(envsDir, 'new'))).toBe(false);
  });

  it('removes leftovers of dead builds and directories without a manifest, whatever olderThanMs', async () => {
    await makeLeftover(envsDir, 'dead-4242-0a0b0c0d', NOW_MS - DAY_MS);
    await makeLeftover(envsDir, 'dead-4242-0a0b0c0d.log', NOW_MS - DAY_MS);
    await makeLeftover(envsDir, 'half-pruned-01020304', NOW_MS - DAY_MS);
    await fs.mkdir(path.join(envsDir, 'nomanifest', 'lib'), { recursive: true });

    const result = await pruneEnvs(envsDir, { olderThanMs: 365 * DAY_MS, nowMs: NOW_MS });

    expect(result.removed.map((item) => [item.kind, item.key, item.reason]).sort()).toEqual([
      ['build', 'dead', 'leftover'],
      ['build', 'dead', 'leftover'],
      ['no-manifest', 'nomanifest', 'leftover'],
      ['pruned', 'half', 'leftover'],
    ]);
    expect(result.freedBytes).toBeGreaterThanOrEqual(1000);
    expect(await partialNames()).toEqual([]);
    expect(existsSync(path.join(envsDir, 'nomanifest'))).toBe(false);
  });

  it('leaves the partial build of a key whose lock is held, and a leftover changed in the last minute', async () => {
    await makeLeftover(envsDir, 'busy-4242-0a0b0c0d', NOW_MS - DAY_MS);
    await makeLeftover(envsDir, 'fresh-4343-0a0b0c0d.log', NOW_MS - 5_000);
    await makeLeftover(envsDir, 'dead-4444-0a0b0c0d', NOW_MS - DAY_MS);
    await holdBuildLock('busy');

    const result = await pruneEnvs(envsDir, { olderThanMs: 0, all: true, nowMs: NOW_MS });

    expect(result.kept.map((item) => [item.key, item.reason]).sort()).toEqual([
      ['busy', 'in use'],
      ['fresh', 'in use'],
    ]);
    expect(result.removed.map((item) => item.key)).toEqual(['dead']);
    expect(await partialNames()).toEqual(['busy-4242-0a0b0c0d', 'fresh-4343-0a0b0c0d.log']);
  });

  it('frees the lock after removing, so a build can take it at once', async () => {
    await twoEnvs();
    await pruneEnvs(envsDir, { olderThanMs: 0, nowMs: NOW_MS });

    expect(await lockfile.check(path.join(envsDir, 'old'), { realpath: false })).toBe(false);
    await holdBuildLock('old');
  });
});
