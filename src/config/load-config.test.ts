import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { logsDirOf } from './home-paths.js';
import { type LoadConfigInput, loadConfig, withRunValues } from './load-config.js';

let cwd: string;
let homeDir: string;

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'skiff-config-'));
  cwd = join(root, 'project');
  homeDir = join(root, 'user');
  await mkdir(cwd);
  await mkdir(homeDir);
});

const load = (input: Partial<LoadConfigInput> = {}) => loadConfig({ env: {}, cwd, homeDir, ...input });

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSkiffError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a SkiffError, got a result');
}

describe('loadConfig defaults', () => {
  it('puts state under ~/.skiff of the user and says every value is a default', async () => {
    const loaded = await load();
    expect(loaded.config).toEqual({
      home: join(homeDir, '.skiff'),
      pipelineRoot: `file://${homeDir}/.skiff/artifacts`,
      storage: { retry: { maxAttempts: 10, budgetSeconds: 30 } },
      metadata: { url: `sqlite://${homeDir}/.skiff/skiff.db` },
      engine: { maxParallelTasks: 4, cache: true },
      executor: {
        kind: 'local',
        python: {
          interpreter: 'python3',
          kfpRuntime: 'auto',
          systemSitePackages: false,
          installer: 'auto',
          forkServer: true,
        },
        kubernetes: {
          namespace: 'default',
          image: 'skiff:latest',
          hostNetwork: false,
          imagePullWaitSeconds: 120,
          unschedulableWaitSeconds: 300,
          keepFailedPodsSeconds: 3600,
        },
      },
      server: { host: '127.0.0.1', port: 8888, allowUnauthenticated: false, maxConcurrentRuns: 4 },
      cloud: { metadata: 'auto', metadataHost: 'metadata.google.internal' },
      log: { level: 'info' },
    });
    expect(loaded.sources.get('home')).toBe('default');
    expect(loaded.sources.get('engine.maxParallelTasks')).toBe('default');
    expect(loaded.sources.get('executor.timeoutSeconds')).toBe('default');
    expect(loaded.sources.get('pipelineRoot')).toBe('default (from home)');
    expect(loaded.sources.get('metadata.url')).toBe('default (from home)');
    expect(loaded.file).toBeUndefined();
    expect(loaded.warnings).toEqual([]);
    expect(loaded.storage).toEqual({ providers: [], conflicts: [] });
  });

  it('moves the database, artifacts and logs with SKIFF_HOME', async () => {
    const loaded = await load({ env: { SKIFF_HOME: '/tmp/x' } });
    expect(loaded.config.home).toBe('/tmp/x');
    expect(loaded.config.pipelineRoot).toBe('file:///tmp/x/artifacts');
    expect(loaded.config.metadata.url).toBe('sqlite:///tmp/x/skiff.db');
    expect(logsDirOf(loaded.config)).toBe('/tmp/x/logs');
    expect(loaded.sources.get('home')).toBe('env:SKIFF_HOME');
    expect(loaded.sources.get('pipelineRoot')).toBe('default (from home)');
  });

  it('resolves a relative home against the working directory', async () => {
    const loaded = await load({ env: { SKIFF_HOME: 'state' } });
    expect(loaded.config.home).toBe(join(cwd, 'state'));
  });
});

describe('loadConfig layers', () => {
  it('lets the file override defaults, the environment override the file, and flags override both', async () => {
    await writeFile(
      join(cwd, 'skiff.yaml'),
      'pipelineRoot: file:///from-file\nengine:\n  maxParallelTasks: 2\n  cache: false\nlog: { level: debug }\n',
    );
    const loaded = await load({
      env: { SKIFF_PIPELINE_ROOT: 's3://env-bucket/root', SKIFF_ENGINE_MAX_PARALLEL_TASKS: '8' },
      flags: { values: { pipelineRoot: { value: 'minio://flag-bucket/v2', flag: '--pipeline-root' } } },
    });
    const file = join(cwd, 'skiff.yaml');
    expect(loaded.file).toBe(file);
    expect(loaded.config.pipelineRoot).toBe('minio://flag-bucket/v2');
    expect(loaded.sources.get('pipelineRoot')).toBe('flag:--pipeline-root');
    expect(loaded.config.engine.maxParallelTasks).toBe(8);
    expect(loaded.sources.get('engine.maxParallelTasks')).toBe('env:SKIFF_ENGINE_MAX_PARALLEL_TASKS');
    expect(loaded.config.engine.cache).toBe(false);
    expect(loaded.sources.get('engine.cache')).toBe(`file:${file}`);
    expect(loaded.config.log.level).toBe('debug');
    expect(loaded.sources.get('executor.python.interpreter')).toBe('default');
  });

  it('parses env booleans written as 0/1 and flag strings to the key type', async () => {
    const loaded = await load({
      env: { SKIFF_ENGINE_CACHE: '0' },
      flags: { values: { 'executor.timeoutSeconds': { value: '30', flag: '--timeout' } } },
    });
    expect(loaded.config.engine.cache).toBe(false);
    expect(loaded.config.executor.timeoutSeconds).toBe(30);
    expect(loaded.sources.get('executor.timeoutSeconds')).toBe('flag:--timeout');
  });

  it('treats an empty environment variable as unset', async () => {
    const loaded = await load({ env: { SKIFF_PIPELINE_ROOT: '' } });
    expect(loaded.sources.get('pipelineRoot')).toBe('default (from home)');
  });

  it('expands ~ in home, pipelineRoot and metadata.url to the user home', async () => {
    await writeFile(
      join(cwd, 'skiff.yaml'),
      'home: ~/state\npipelineRoot: file://~/art\nmetadata:\n  url: sqlite://~/db/skiff.db\n',
    );
    const loaded = await load();
    expect(loaded.config.home).toBe(join(homeDir, 'state'));
    expect(loaded.config.pipelineRoot).toBe(`file://${homeDir}/art`);
    expect(loaded.config.metadata.url).toBe(`sqlite://${homeDir}/db/skiff.db`);
  });

  it('accepts an empty file and sections left empty by commented-out keys', async () => {
    await writeFile(join(cwd, 'skiff.yaml'), 'engine:\n#  cache: false\n');
    const loaded = await load();
    expect(loaded.config.engine.cache).toBe(true);
    await writeFile(join(cwd, 'skiff.yaml'), '');
    expect((await load()).config.engine.maxParallelTasks).toBe(4);
  });
});

describe('loadConfig file location', () => {
  it('prefers --config over SKIFF_CONFIG over ./skiff.yaml over ~/.config/skiff/config.yaml', async () => {
    const userFile = join(homeDir, '.config', 'skiff', 'config.yaml');
    await mkdir(join(homeDir, '.config', 'skiff'), { recursive: true });
    await writeFile(userFile, 'log: { level: warn }\n');
    expect((await load()).file).toBe(userFile);
    await writeFile(join(cwd, 'skiff.yaml'), 'log: { level: error }\n');
    expect((await load()).file).toBe(join(cwd, 'skiff.yaml'));
    await writeFile(join(cwd, 'env.yaml'), 'log: { level: debug }\n');
    const fromEnv = await load({ env: { SKIFF_CONFIG: 'env.yaml' } });
    expect(fromEnv.file).toBe(join(cwd, 'env.yaml'));
    expect(fromEnv.sources.get('log.level')).toBe(`file:${join(cwd, 'env.yaml')}`);
    await writeFile(join(cwd, 'flag.yaml'), 'log: { level: trace }\n');
    const fromFlag = await load({ env: { SKIFF_CONFIG: 'env.yaml' }, flags: { config: 'flag.yaml' } });
    expect(fromFlag.config.log.level).toBe('trace');
  });

  it('fails with SKIFF_CONFIG_READ when a file named by --config or SKIFF_CONFIG does not exist', async () => {
    const byFlag = await rejection(load({ flags: { config: 'missing.yaml' } }));
    expect(byFlag.code).toBe('SKIFF_CONFIG_READ');
    expect(byFlag.message).toContain(join(cwd, 'missing.yaml'));
    expect(byFlag.message).toContain('--config');
    const byEnv = await rejection(load({ env: { SKIFF_CONFIG: '/nowhere/skiff.yaml' } }));
    expect(byEnv.code).toBe('SKIFF_CONFIG_READ');
    expect(byEnv.message).toContain('env:SKIFF_CONFIG');
  });

  it('refuses a named pipe as the config file or the kfp-launcher ConfigMap at once, without blocking', async () => {
    const fifo = join(cwd, 'skiff.fifo');
    execFileSync('mkfifo', [fifo]);
    const config = await rejection(load({ flags: { config: fifo } }));
    expect(config.code).toBe('SKIFF_CONFIG_READ');
    expect(config.message).toContain('it is a named pipe (FIFO), not a regular file');
    const launcher = await rejection(load({ env: { SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: fifo } }));
    expect(launcher.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_READ');
    expect(launcher.message).toContain('it is a named pipe (FIFO), not a regular file');
  }, 5000);

  it('fails with SKIFF_CONFIG_READ on YAML that does not parse', async () => {
    await writeFile(join(cwd, 'skiff.yaml'), 'engine: [unclosed\n');
    expect((await rejection(load())).code).toBe('SKIFF_CONFIG_READ');
  });
});

describe('loaded configuration', () => {
  it('is deep-frozen, and its sources cannot be changed', async () => {
    const loaded = await load();
    expect(() => {
      (loaded.config.engine as { cache: boolean }).cache = false;
    }).toThrow(TypeError);
    expect(() => {
      (loaded as { file: string | undefined }).file = 'x';
    }).toThrow(TypeError);
    expect(() => (loaded.sources as Map<string, string>).set('home', 'x')).toThrow(TypeError);
    expect(loaded.sources.get('home')).toBe('default');
  });

  it('takes a per-run pipeline root above every other layer, leaving the original untouched', async () => {
    const loaded = await load({
      env: { SKIFF_HOME: '/tmp/x' },
      flags: { values: { pipelineRoot: { value: 's3://flag/root', flag: '--pipeline-root' } } },
    });
    const run = withRunValues(loaded, { pipelineRoot: 'file://~/run-root' }, 'run-1');
    expect(run.config.pipelineRoot).toBe(`file://${homeDir}/run-root`);
    expect(run.sources.get('pipelineRoot')).toBe('run:run-1');
    expect(run.sources.get('home')).toBe('env:SKIFF_HOME');
    expect(run.config.home).toBe('/tmp/x');
    expect(Object.isFrozen(run.config)).toBe(true);
    expect(loaded.config.pipelineRoot).toBe('s3://flag/root');
    expect(withRunValues(loaded, {}, 'run-2').sources.get('pipelineRoot')).toBe('flag:--pipeline-root');
  });

  it('rejects a per-run pipeline root that is not a URI, naming the run', async () => {
    const loaded = await load();
    const error = await rejection(
      Promise.resolve().then(() => withRunValues(loaded, { pipelineRoot: '/x' }, 'run-9')),
    );
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain('pipelineRoot is "/x" (from run:run-9)');
  });

  it('says how to write a list when an environment variable holds a bare path for one', async () => {
    const error = await rejection(load({ env: { SKIFF_SERVER_PIPELINE_ROOTS: '/srv/runs' } }));
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain(
      'server.pipelineRoots is "/srv/runs" (from env:SKIFF_SERVER_PIPELINE_ROOTS)',
    );
    expect(error.message).toContain(
      'write a list, in an environment variable as JSON or YAML: ["/srv/runs"]',
    );
  });
});
