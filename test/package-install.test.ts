import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './support/cli.js';
import {
  currentNode,
  type InstalledSkiff,
  installPacked,
  type PackedSkiff,
  packSkiff,
  runInstalled,
  SHELL_AND_PYTHON,
} from './support/packed-skiff.js';

// What the tarball may hold: the bundle, the web UI's build, the launcher, the Python runtime, the helpers Skiff runs, docs.
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^bin\/skiff\.js$/,
  /^dist\/skiff\.mjs$/,
  /^dist\/spec-worker\.mjs$/,
  /^dist\/chunks\/[\w-]+\.mjs$/,
  /^dist\/ui\/index\.html$/,
  /^dist\/ui\/assets\/[\w.-]+\.(js|css|svg|woff2)(\.gz|\.br)?$/,
  /^python\/README\.md$/,
  /^python\/kfp\/[\w/]+\.py$/,
  /^runtime\/[\w-]+\.(py|mjs)$/,
  /^docs\/[\w-]+\.md$/,
];

describe('the packed tarball, installed with npm install -g', () => {
  let work: string;
  let packed: PackedSkiff;
  let installed: InstalledSkiff;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'skiff-package-'));
    packed = packSkiff(work);
    installed = installPacked(packed.tarball, join(work, 'prefix'), currentNode());
    process.stderr.write(
      `package-install: tarball ${(packed.sizeBytes / 1e6).toFixed(2)} MB, ${packed.files.length} files, ` +
        `pack ${(packed.packMs / 1000).toFixed(1)} s, install ${(installed.installMs / 1000).toFixed(1)} s ` +
        `(${installed.cacheMode}) on ${installed.node.version}\n`,
    );
  }, 600_000);
  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('holds the built bundle, runtime and docs, and no tests, benches or config files', () => {
    expect(packed.files).toContain('dist/skiff.mjs');
    expect(packed.files).toContain('dist/spec-worker.mjs');
    expect(packed.files).toContain('bin/skiff.js');
    expect(packed.files).toContain('runtime/spawner.py');
    expect(packed.files).toContain('runtime/spawner.mjs');
    expect(packed.files).toContain('runtime/python-fork-server.py');
    expect(packed.files).toContain('python/kfp/dsl/executor_main.py');
    expect(packed.files).toContain('docs/errors.md');
    expect(packed.files).toContain('dist/ui/index.html');
    expect(packed.files.some((file) => file.startsWith('dist/chunks/'))).toBe(true);
    expect(packed.files.filter((file) => !ALLOWED.some((allowed) => allowed.test(file)))).toEqual([]);
    expect(packed.files.filter((file) => /(^|\/)(test|bench)\/|\.test\.|\.map$|\.ts$/.test(file))).toEqual(
      [],
    );
  });

  it('builds better-sqlite3 from the npm cache and local headers: nothing is downloaded from elsewhere', () => {
    expect(installed.log).toContain('better-sqlite3');
    expect(installed.log).not.toMatch(/github\.com|nodejs\.org|gyp http GET/);
  });

  it('runs a pipeline with a shell and a Python task from an unrelated directory', async () => {
    const cwd = mkdtempSync(join(work, 'elsewhere-'));
    const home = join(work, 'home');
    const result = await runInstalled(installed, ['run', SHELL_AND_PYTHON, '-p', 'name=package', '--json'], {
      cwd,
      home,
    });
    expect(result.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout) as {
      run_id: string;
      state: string;
      outputs: Record<string, unknown>;
      tasks: { name: string; state: string }[];
    };
    expect(run.state).toBe('SUCCEEDED');
    expect(run.outputs).toEqual({ Output: 'HELLO PACKAGE!' });
    expect(run.tasks.map((task) => [task.name, task.state])).toEqual([
      ['greet', 'SUCCEEDED'],
      ['shout', 'SUCCEEDED'],
    ]);
    const dataset = readdirSync(join(home, 'artifacts'), { recursive: true, encoding: 'utf8' }).find((file) =>
      file.endsWith('/out'),
    );
    expect(readFileSync(join(home, 'artifacts', dataset!), 'utf8')).toBe('HELLO PACKAGE');
    // The state lives in its own SKIFF_HOME, not in the directory it ran from.
    const runs = await runInstalled(installed, ['runs', 'get', run.run_id], { cwd, home });
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toContain('shout');
    const version = await runInstalled(installed, ['--version'], { cwd, home });
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});
