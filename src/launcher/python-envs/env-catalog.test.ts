import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envsDirSize, listEnvs } from './env-catalog.js';
import { makeEnvDir, makeLeftover } from './env-fixture.js';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 5, 1);
let envsDir: string;

beforeEach(async () => {
  envsDir = path.join(await fs.mkdtemp(path.join(tmpdir(), 'skiff-env-catalog-')), 'envs');
  await fs.mkdir(envsDir);
});
afterEach(async () => {
  await fs.rm(path.dirname(envsDir), { recursive: true, force: true });
});

describe('listEnvs', () => {
  it('lists each environment with its manifest, size, pipelines and last use, last used first', async () => {
    await makeEnvDir(envsDir, 'aaaa', {
      createdAtMs: NOW_MS - 40 * DAY_MS,
      requirements: ['pandas==2.2.0'],
      payloadBytes: 100_000,
      uses: [
        { pipeline: 'train', usedAtMs: NOW_MS - 3 * DAY_MS },
        { pipeline: 'eval', usedAtMs: NOW_MS - 9 * DAY_MS },
      ],
    });
    await makeEnvDir(envsDir, 'bbbb', { createdAtMs: NOW_MS - DAY_MS, payloadBytes: 10 });

    const catalog = await listEnvs(envsDir);

    expect(catalog.envs.map((e) => e.key)).toEqual(['bbbb', 'aaaa']);
    const [unused, used] = catalog.envs;
    expect(used).toMatchObject({
      dir: path.join(envsDir, 'aaaa'),
      lastUsedMs: NOW_MS - 3 * DAY_MS,
      pipelines: ['eval', 'train'],
      manifest: { key: 'aaaa', requirements: ['pandas==2.2.0'], pythonVersion: '3.11.2' },
    });
    expect(used!.sizeBytes).toBeGreaterThanOrEqual(100_000);
    expect(used!.sizeBytes).toBeLessThan(100_000 + 64 * 1024);
    // Never used: its last use is when it was made.
    expect(unused).toMatchObject({ lastUsedMs: NOW_MS - DAY_MS, pipelines: [] });
    expect(catalog.leftovers).toEqual([]);
  });

  it('counts a symbolic link as a link, not what it points to', async () => {
    const big = path.join(path.dirname(envsDir), 'big.bin');
    await fs.writeFile(big, Buffer.alloc(2_000_000));
    const dir = await makeEnvDir(envsDir, 'cccc', { payloadBytes: 0 });
    await fs.symlink(big, path.join(dir, 'lib', 'big.bin'));
    await fs.symlink(path.dirname(envsDir), path.join(dir, 'lib', 'loop'));

    const [env] = (await listEnvs(envsDir)).envs;

    expect(env!.sizeBytes).toBeLessThan(100_000);
  });

  it('lists build leftovers, removals in progress and directories without a manifest, but not locks', async () => {
    await makeEnvDir(envsDir, 'aaaa');
    await makeLeftover(envsDir, 'aaaa-4242-0a0b0c0d', NOW_MS);
    await makeLeftover(envsDir, 'aaaa-4242-0a0b0c0d.log', NOW_MS);
    await makeLeftover(envsDir, 'dddd-pruned-01020304', NOW_MS);
    await fs.mkdir(path.join(envsDir, 'eeee', 'lib'), { recursive: true });
    await fs.mkdir(path.join(envsDir, 'aaaa.lock'));

    const catalog = await listEnvs(envsDir);

    expect(catalog.envs.map((e) => e.key)).toEqual(['aaaa']);
    expect(catalog.leftovers.map((l) => [l.kind, l.key, path.relative(envsDir, l.path)])).toEqual([
      ['build', 'aaaa', '.partial/aaaa-4242-0a0b0c0d'],
      ['build', 'aaaa', '.partial/aaaa-4242-0a0b0c0d.log'],
      ['pruned', 'dddd', '.partial/dddd-pruned-01020304'],
      ['no-manifest', 'eeee', 'eeee'],
    ]);
    expect(catalog.leftovers[0]!.sizeBytes).toBeGreaterThanOrEqual(500);
    expect(catalog.leftovers[0]!.modifiedMs).toBe(NOW_MS);
  });

  it('treats a directory whose skiff-env.json is not a manifest as a leftover', async () => {
    const dir = await makeEnvDir(envsDir, 'ffff');
    await fs.writeFile(path.join(dir, 'skiff-env.json'), '{"key": "ffff"');

    const catalog = await listEnvs(envsDir);

    expect(catalog.envs).toEqual([]);
    expect(catalog.leftovers.map((l) => [l.kind, l.key])).toEqual([['no-manifest', 'ffff']]);
  });

  it('answers empty lists for a home that has no envs directory yet', async () => {
    const missing = path.join(envsDir, 'not-there');
    expect(await listEnvs(missing)).toEqual({ envsDir: missing, envs: [], leftovers: [] });
    expect(await envsDirSize(missing)).toEqual({
      envCount: 0,
      envBytes: 0,
      leftoverCount: 0,
      leftoverBytes: 0,
    });
  });
});

describe('envsDirSize', () => {
  it('sums the environments and the leftovers separately', async () => {
    await makeEnvDir(envsDir, 'aaaa', { payloadBytes: 30_000 });
    await makeEnvDir(envsDir, 'bbbb', { payloadBytes: 20_000 });
    await makeLeftover(envsDir, 'aaaa-1-00000000', NOW_MS);

    const size = await envsDirSize(envsDir);

    expect(size).toMatchObject({ envCount: 2, leftoverCount: 1 });
    expect(size.envBytes).toBeGreaterThanOrEqual(50_000);
    expect(size.envBytes).toBeLessThan(50_000 + 128 * 1024);
    expect(size.leftoverBytes).toBeGreaterThanOrEqual(500);
  });
});
