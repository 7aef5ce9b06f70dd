import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeEnvDir } from '../src/launcher/python-envs/env-fixture.js';
import { lastJson, runCli, tempHome } from './support/cli.js';

// `skiff envs list|prune` and the doctor's `python envs` line, as real processes on a home with
// environment directories laid out as a build leaves them.

const KEY = '0a1b2c3d4e5f60718293';
const DAY_MS = 86_400_000;

interface Catalog {
  envsDir: string;
  envs: { key: string; sizeBytes: number; pipelines: string[] }[];
}
interface Pruned {
  dryRun: boolean;
  removed: { key: string; reason: string }[];
  kept: { key: string; reason: string }[];
}
interface Report {
  checks: { name: string; target: string; status: string; detail: string; code?: string; fix?: string }[];
}

async function homeWithEnv(): Promise<{ home: string; dir: string }> {
  const home = tempHome('skiff-envs-');
  const dir = await makeEnvDir(join(home, 'envs'), KEY, {
    createdAtMs: Date.now() - 10 * DAY_MS,
    requirements: ['requests==2.31.0', 'pyyaml'],
    payloadBytes: 2_000_000,
    uses: [{ pipeline: 'hello-pipeline', usedAtMs: Date.now() - 3 * DAY_MS }],
  });
  return { home, dir };
}

describe('skiff envs list', () => {
  it('says there are no environments on an empty home', async () => {
    const home = tempHome('skiff-envs-');
    const text = await runCli(['envs', 'list'], { home });
    const json = await runCli(['envs', 'list', '--json'], { home });

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`no Python environments under ${join(home, 'envs')}`);
    expect(json.code).toBe(0);
    expect(lastJson<Catalog>(json.stdout)).toMatchObject({ envsDir: join(home, 'envs'), envs: [] });
  });

  it('lists an environment with its Python, requirements, size, last use and pipelines', async () => {
    const { home } = await homeWithEnv();
    const text = await runCli(['envs', 'list'], { home });
    const json = await runCli(['envs', 'list', '--json'], { home });

    expect(text.code).toBe(0);
    const row = text.stdout.split('\n').find((line) => line.startsWith(KEY)) ?? '';
    expect(row).toMatch(/3\.11\.2 +requests==2\.31\.0 pyyaml +2\.0 MB +3 d ago +hello-pipeline/);
    expect(text.stdout).toContain(`total 2.0 MB in 1 environment under ${join(home, 'envs')}`);
    const [env] = lastJson<Catalog>(json.stdout).envs;
    expect(env).toMatchObject({ key: KEY, pipelines: ['hello-pipeline'] });
    expect(env!.sizeBytes).toBeGreaterThanOrEqual(2_000_000);
  });
});

describe('skiff envs prune', () => {
  it('keeps everything on a dry run and says what it would remove', async () => {
    const { home, dir } = await homeWithEnv();
    const text = await runCli(['envs', 'prune', '--older-than', '1d', '--dry-run'], { home });
    const json = await runCli(['envs', 'prune', '--older-than', '1d', '--dry-run', '--json'], { home });

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `would remove environment ${KEY} (2.0 MB, last used 3 d ago by hello-pipeline)`,
    );
    expect(lastJson<Pruned>(json.stdout)).toMatchObject({ dryRun: true, removed: [{ key: KEY }] });
    expect(existsSync(join(dir, 'skiff-env.json'))).toBe(true);
  });

  it('keeps an environment used within the default 30 days', async () => {
    const { home, dir } = await homeWithEnv();
    const result = await runCli(['envs', 'prune', '--json'], { home });

    expect(result.code).toBe(0);
    expect(lastJson<Pruned>(result.stdout)).toMatchObject({
      removed: [],
      kept: [{ key: KEY, reason: 'recently used' }],
    });
    expect(existsSync(dir)).toBe(true);
  });

  it('removes an environment with --older-than 0s', async () => {
    const { home, dir } = await homeWithEnv();
    const result = await runCli(['envs', 'prune', '--older-than', '0s'], { home });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`removed environment ${KEY}`);
    expect(result.stdout).toMatch(/freed 2\.0 MB \(1 environment, 0 leftovers\)/);
    expect(existsSync(dir)).toBe(false);
    const after = await runCli(['envs', 'list', '--json'], { home });
    expect(lastJson<Catalog>(after.stdout).envs).toEqual([]);
  });

  it('rejects a duration it cannot read with SKIFF_ENV_BAD_OPTION and exit 2, without a stack trace', async () => {
    const { home, dir } = await homeWithEnv();
    const result = await runCli(['envs', 'prune', '--older-than', 'abc'], { home });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SKIFF_ENV_BAD_OPTION');
    expect(result.stderr).toContain('--older-than "abc" is not a duration');
    expect(result.stderr).toMatch(/fix: .*30d/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(dir)).toBe(true);
  });
});

describe('skiff doctor: python envs', () => {
  it('names the installer that makes environments, and their number and size', async () => {
    const { home } = await homeWithEnv();
    const result = await runCli(['doctor', '--json'], { home });

    const check = lastJson<Report>(result.stdout).checks.find((c) => c.name === 'python envs');
    expect(check).toMatchObject({ target: join(home, 'envs'), status: 'ok' });
    expect(check!.detail).toMatch(/pip \d|uv \d/);
    expect(check!.detail).toContain('1 environment, 2.0 MB');
  });

  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  const pythonBin = dirname(python.trim());
  // Skipped when uv sits beside the interpreter: then no PATH that runs Python lacks uv.
  it.skipIf(existsSync(join(pythonBin, 'uv')))(
    'fails with SKIFF_ENV_CREATE and its fix when the installer is uv and uv is not on PATH',
    async () => {
      const home = tempHome('skiff-envs-');
      const result = await runCli(['doctor', '--json'], {
        home,
        env: { PATH: pythonBin, SKIFF_EXECUTOR_PYTHON_INSTALLER: 'uv' },
      });

      expect(result.code).toBe(1);
      const check = lastJson<Report>(result.stdout).checks.find((c) => c.name === 'python envs');
      expect(check).toMatchObject({ status: 'fail', code: 'SKIFF_ENV_CREATE' });
      expect(check!.fix).toContain('Install uv');
    },
  );
});
