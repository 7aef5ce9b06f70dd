import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, SKIFF_BIN, tempHome } from './support/cli.js';
import { netns } from './support/netns.js';
import { versionComponent, versionPipeline } from './support/python-env-pipelines.js';
import { sitePackagesDirs } from './support/site-packages.js';
import { makeTinyIndex, type TinyIndex } from './support/tiny-wheels.js';

interface RunJson {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
  tasks: Array<{ name: string; state: string; attempts: number; error?: string }>;
}

// pip reads only what a test gives it: no machine-wide index, find-links or constraints.
const PIP_ISOLATION = {
  env: { PIP_CONFIG_FILE: '/dev/null' },
  unset: [
    'PIP_FIND_LINKS',
    'PIP_INDEX_URL',
    'PIP_EXTRA_INDEX_URL',
    'PIP_CONSTRAINT',
    'PIP_NO_INDEX',
    'PYTHONPATH',
  ],
};
const wrap = netns();
const noNetwork = wrap.ok ? { wrap: wrap.prefix } : {};

let work: string;
let index: TinyIndex;
let sitePackagesBefore: string;

/** SHA-256 over every file (path and bytes) under the interpreter's site-packages and user site. */
function sitePackagesDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      // Byte-code caches are Python's own writes on import, not installs.
      if (entry.name === '__pycache__') continue;
      const path = join(dir, entry.name);
      hash.update(`${path}\0`);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hash.update(readFileSync(path));
    }
  };
  for (const dir of sitePackagesDirs()) walk(dir);
  return hash.digest('hex');
}

async function runPipeline(
  home: string,
  spec: string,
  extra: { env?: Record<string, string>; args?: string[]; loopback?: boolean } = {},
) {
  const file = join(home, `pipeline-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, spec);
  const given = extra.env ?? {};
  const result = await runCli(['run', file, '--json', ...(extra.args ?? [])], {
    home,
    env: { ...PIP_ISOLATION.env, ...given },
    unset: PIP_ISOLATION.unset.filter((name) => !(name in given)),
    timeoutMs: 240_000,
    // A test's own index server on this machine's loopback is reachable only outside the namespace.
    ...(extra.loopback ? {} : noNetwork),
  });
  const context = `exit ${result.code}\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-3000)}`;
  return {
    result,
    context,
    json: result.stdout.trim() === '' ? undefined : lastJson<RunJson>(result.stdout),
  };
}

/** Every attempt log under a home, as text. */
function attemptLogs(home: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'envs') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.log') && entry.name !== 'skiff.log')
        found.push(readFileSync(path, 'utf8'));
    }
  };
  walk(home);
  return found;
}

/** `python3.X`: the folder under `lib/` of an environment. */
function pythonDir(home: string, key: string): string {
  return readdirSync(join(home, 'envs', key, 'lib')).find((name) => name.startsWith('python')) ?? 'python3';
}

function envDirs(home: string): string[] {
  const dir = join(home, 'envs');
  return existsSync(dir) ? readdirSync(dir).filter((name) => /^[0-9a-f]{20}$/.test(name)) : [];
}

function partials(home: string): string[] {
  const dir = join(home, 'envs', '.partial');
  return existsSync(dir) ? readdirSync(dir) : [];
}

beforeAll(() => {
  work = tempHome('skiff-envs-work-');
  index = makeTinyIndex(join(work, 'index'), ['skiffpin==1.0', 'skiffpin==2.0']);
  sitePackagesBefore = sitePackagesDigest();
}, 120_000);

afterAll(() => {
  // Nothing any test here did may have changed the interpreter the user runs.
  expect(sitePackagesDigest()).toBe(sitePackagesBefore);
}, 120_000);

describe('Python environments for packages_to_install', () => {
  it('runs two components pinning different versions of one package in one pipeline, each on its own', async () => {
    const home = tempHome('skiff-envs-');
    const spec = versionPipeline('two-pins', {
      'uses-one': versionComponent(['skiffpin==1.0'], index.url),
      'uses-two': versionComponent(['skiffpin==2.0'], index.url),
    });
    const { result, context, json } = await runPipeline(home, spec);
    expect(result.code, context).toBe(0);
    expect(json?.outputs).toEqual({ 'uses-one': '1.0', 'uses-two': '2.0' });
    expect(envDirs(home)).toHaveLength(2);
    for (const key of envDirs(home)) {
      // Built elsewhere and renamed into place: its console scripts run from here.
      const script = join(home, 'envs', key, 'bin', 'skiffpin-version');
      expect(readFileSync(script, 'utf8').split('\n')[0]).toBe(
        `#!${join(home, 'envs', key, 'bin', 'python')}`,
      );
      expect(execFileSync(script).toString().trim()).toMatch(/^[12]\.0$/);
      // Byte code was compiled at build time, naming the final paths.
      const compiled = execFileSync(join(home, 'envs', key, 'bin', 'python'), [
        '-c',
        'import glob, marshal, skiffpin, os; pyc = glob.glob(os.path.join(os.path.dirname(skiffpin.__file__), "__pycache__", "*.pyc"))[0]; print(marshal.loads(open(pyc, "rb").read()[16:]).co_filename)',
      ]);
      expect(compiled.toString().trim()).toBe(
        join(home, 'envs', key, 'lib', pythonDir(home, key), 'site-packages', 'skiffpin', '__init__.py'),
      );
      const manifest = JSON.parse(readFileSync(join(home, 'envs', key, 'skiff-env.json'), 'utf8'));
      expect(manifest).toMatchObject({
        key,
        systemSitePackages: false,
        installer: expect.stringMatching(/^(pip|uv) /),
      });
    }
    expect(partials(home).filter((name) => !name.endsWith('.lock'))).toEqual([]);
    // A directory in an environment's place that is not a complete one is replaced by a new build.
    const [key] = envDirs(home);
    rmSync(join(home, 'envs', key!, 'skiff-env.json'));
    const again = await runPipeline(home, spec);
    expect(again.result.code, again.context).toBe(0);
    expect(existsSync(join(home, 'envs', key!, 'skiff-env.json'))).toBe(true);
  });

  it('honours a pin when another version is importable by the base interpreter (user site and PYTHONPATH)', async () => {
    const home = tempHome('skiff-envs-');
    const userBase = join(work, 'userbase');
    // skiffpin 2.0 for the interpreter, in a user site of the test's own (never the user's).
    execFileSync(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--user',
        '--quiet',
        '--no-index',
        '--find-links',
        join(index.dir, 'wheels'),
        'skiffpin==2.0',
      ],
      { env: { ...process.env, PYTHONUSERBASE: userBase, PIP_CONFIG_FILE: '/dev/null' }, stdio: 'inherit' },
    );
    const shadow = join(work, 'shadow');
    mkdirSync(join(shadow, 'skiffpin'), { recursive: true });
    writeFileSync(join(shadow, 'skiffpin', '__init__.py'), "__version__ = 'shadow'\n");
    const base = execFileSync('python3', ['-c', 'import skiffpin; print(skiffpin.__version__)'], {
      env: { ...process.env, PYTHONUSERBASE: userBase },
    });
    expect(base.toString().trim()).toBe('2.0');
    const spec = versionPipeline('pin-over-base', {
      'uses-one': versionComponent(['skiffpin==1.0'], index.url),
    });
    const { result, context, json } = await runPipeline(home, spec, {
      env: { PYTHONUSERBASE: userBase, PYTHONPATH: shadow },
    });
    expect(result.code, context).toBe(0);
    expect(json?.outputs).toEqual({ 'uses-one': '1.0' });
  });

  it('makes an environment once for 20 attempts that need it at the same time, and forks later attempts from a warm interpreter', async () => {
    const home = tempHome('skiff-envs-');
    const tasks: Record<string, ReturnType<typeof versionComponent>> = {};
    for (let i = 0; i < 20; i++) tasks[`t-${i}`] = versionComponent(['skiffpin==1.0'], index.url);
    const spec = versionPipeline('twenty', tasks);
    const { result, context, json } = await runPipeline(home, spec, { args: ['--max-parallel-tasks', '20'] });
    expect(result.code, context).toBe(0);
    expect(Object.values(json?.outputs ?? {})).toEqual(Array(20).fill('1.0'));
    expect(envDirs(home)).toHaveLength(1);
    const logs = attemptLogs(home);
    const builds = new Set(
      logs.flatMap((log) =>
        [...log.matchAll(/made Python environment \S+ .* \(build ([\w-]+)\)/g)].map((m) => m[1]),
      ),
    );
    expect(builds.size, logs.join('\n---\n').slice(0, 4000)).toBe(1);
    expect(logs.filter((log) => log.includes('Successfully installed skiffpin-1.0'))).toHaveLength(20);
    // Every task ran in the environment's own interpreter, and at least the later ones were forked.
    const key = envDirs(home)[0]!;
    for (const log of logs) expect(log).toContain(`executable ${join(home, 'envs', key, 'bin', 'python')}`);
    expect(logs.filter((log) => /parent .*python-fork-server\.py/.test(log)).length).toBeGreaterThan(0);
    // A second run reuses it: no install, every task forked.
    const again = await runPipeline(home, spec, { args: ['--max-parallel-tasks', '4'] });
    expect(again.result.code, again.context).toBe(0);
    expect(envDirs(home)).toHaveLength(1);
  });

  it('builds once across two skiff processes that need the same new environment', async () => {
    const home = tempHome('skiff-envs-');
    const tasks: Record<string, ReturnType<typeof versionComponent>> = {};
    for (let i = 0; i < 5; i++) tasks[`t-${i}`] = versionComponent(['skiffpin==2.0'], index.url);
    const spec = versionPipeline('two-processes', tasks);
    const [a, b] = await Promise.all([runPipeline(home, spec), runPipeline(home, spec)]);
    expect(a.result.code, a.context).toBe(0);
    expect(b.result.code, b.context).toBe(0);
    const logs = attemptLogs(home);
    const builds = new Set(logs.flatMap((log) => [...log.matchAll(/\(build ([\w-]+)\)/g)].map((m) => m[1])));
    expect(builds.size).toBe(1);
    expect(logs.filter((log) => log.includes('was made by another Skiff process')).length).toBeGreaterThan(0);
  });

  it('fails an install of a version that does not exist as SYSTEM SKIFF_ENV_INSTALL naming it, retries it, and leaves nothing behind', async () => {
    const home = tempHome('skiff-envs-');
    const spec = versionPipeline(
      'no-such-version',
      { bad: versionComponent(['skiffpin==9.9'], index.url) },
      1,
    );
    const { result, context, json } = await runPipeline(home, spec);
    expect(result.code, context).toBe(1);
    const bad = json?.tasks.find((t) => t.name === 'bad');
    expect(bad, context).toMatchObject({ state: 'FAILED', attempts: 2 });
    expect(bad?.error).toMatch(/^SKIFF_ENV_INSTALL: .*"skiffpin==9\.9"/);
    const runs = await runCli(['runs', 'get', json!.run_id, '--json'], { home });
    const attempts =
      lastJson<{ tasks: Array<{ attempts: Array<{ failureKind: string }> }> }>(runs.stdout).tasks[0]
        ?.attempts ?? [];
    expect(attempts.map((a) => a.failureKind)).toEqual(['SYSTEM', 'SYSTEM']);
    expect(attemptLogs(home).join('\n')).toMatch(/No matching distribution found for skiffpin==9\.9/);
    expect(envDirs(home)).toEqual([]);
    expect(partials(home).filter((name) => !name.endsWith('.lock'))).toEqual([]);
  });

  it.skipIf(!wrap.ok)(
    'reports a package that no reachable index has as NOT_LOCAL naming it (no network)',
    async () => {
      const home = tempHome('skiff-envs-');
      const spec = versionPipeline('no-network', {
        remote: versionComponent(['skiffpin-nowhere==1.0'], 'https://pypi.org/simple'),
      });
      const { result, context, json } = await runPipeline(home, spec);
      expect(result.code, context).toBe(1);
      expect(json?.tasks[0]?.error).toMatch(
        /^SKIFF_EXEC_NOT_LOCAL: .*"skiffpin-nowhere==1\.0".*cannot be installed here/,
      );
    },
  );

  it('records the local Python that stood in for an image of another version on the attempt', async () => {
    const home = tempHome('skiff-envs-');
    const spec = versionPipeline('old-image', {
      old: versionComponent(['skiffpin==1.0'], index.url, 'python:3.1'),
    });
    const { result, context, json } = await runPipeline(home, spec);
    expect(result.code, context).toBe(0);
    const text = await runCli(['runs', 'get', json!.run_id], { home });
    expect(text.stdout).toMatch(/note: image "python:3\.1" has Python 3\.1; no local Python 3\.1 was found/);
  });
});

describe('an environment build killed with -9', () => {
  let server: Server;
  let port: number;
  let hold = true;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    // The tiny index over HTTP on loopback; while `hold` is set, wheel downloads wait.
    server = createServer((request, response) => {
      const path = join(index.dir, decodeURIComponent((request.url ?? '/').split('?')[0]!));
      const send = () => {
        if (!existsSync(path) || !statSync(path).isFile()) {
          const listing = join(path, 'index.html');
          if (existsSync(listing)) {
            response.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(listing));
            return;
          }
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200).end(readFileSync(path));
      };
      if (hold && path.endsWith('.whl')) held.push(send);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const send of held.splice(0)) send();
    await new Promise((resolve) => server.close(resolve));
  });

  it('leaves no environment that a later run uses, and the next build makes it whole', {
    timeout: 120_000,
  }, async () => {
    const home = tempHome('skiff-envs-');
    const url = `http://127.0.0.1:${port}/simple`;
    const spec = versionPipeline('killed', { one: versionComponent(['skiffpin==1.0'], url) });
    const file = join(home, 'pipeline.json');
    writeFileSync(file, spec);
    const child: ChildProcess = spawn(process.execPath, [SKIFF_BIN, 'run', file], {
      env: {
        ...process.env,
        SKIFF_HOME: home,
        PIP_CONFIG_FILE: '/dev/null',
        PIP_FIND_LINKS: '',
        PIP_EXTRA_INDEX_URL: '',
      },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    while (held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(held.length, 'pip asked for the wheel').toBeGreaterThan(0);
    const partial = partials(home).find((name) => !name.endsWith('.log'));
    expect(partial).toBeDefined();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // The install it started may finish into its partial directory: it must not become the environment.
    hold = false;
    for (const send of held.splice(0)) send();
    await new Promise((r) => setTimeout(r, 1500));
    try {
      execFileSync('pkill', ['-9', '-f', join(home, 'envs')], { stdio: 'ignore' });
    } catch {
      // exit 1: nothing of the killed build was still running
    }
    expect(envDirs(home)).toEqual([]);
    const { result, context, json } = await runPipeline(home, spec, { loopback: true });
    expect(result.code, context).toBe(0);
    expect(json?.outputs).toEqual({ one: '1.0' });
    expect(envDirs(home)).toHaveLength(1);
    expect(
      partials(home).filter((name) => name.startsWith(partial!.split('-')[0]!) && !name.endsWith('.lock')),
    ).toEqual([]);
  });
});
