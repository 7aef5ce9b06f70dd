import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { type LoadConfigInput, loadConfig, withRunValues } from './load-config.js';

let cwd: string;
let homeDir: string;

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'skiff-storage-'));
  cwd = join(root, 'project');
  homeDir = join(root, 'user');
  await mkdir(cwd);
  await mkdir(homeDir);
});

const load = (input: Partial<LoadConfigInput> = {}) => loadConfig({ env: {}, cwd, homeDir, ...input });
const kfpFlag = (file: string) => ({
  values: { 'storage.kfpLauncherConfigMap': { value: file, flag: '--kfp-launcher' } },
});

async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; location?: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSkiffError(error))
      return { code: error.code, message: error.message, location: error.location ?? '' };
    throw error;
  }
  throw new Error('expected a SkiffError, got a result');
}

const configMap = (root: string, endpoint: string) =>
  `kind: ConfigMap\ndata:\n  defaultPipelineRoot: ${root}\n  providers: |\n    minio:\n      default:\n        endpoint: ${endpoint}\n        credentials: { fromEnv: true }\n`;

describe('storage.providers from skiff.yaml and SKIFF_STORAGE_PROVIDERS', () => {
  it('resolves each provider with the file and index as source and each credentials form', async () => {
    await writeFile(
      join(cwd, 'skiff.yaml'),
      `storage:
  providers:
    - { scheme: minio, bucket: mlpipeline, keyPrefix: v2/, endpoint: "minio:80", secure: false, credentials: { fromEnv: true } }
    - { scheme: s3, region: eu-west-1, credentials: { file: ~/.aws/credentials } }
    - { scheme: s3, bucket: lit, credentials: { accessKeyId: AKIAEXAMPLE1, secretAccessKey: wJalrXUtn } }
`,
    );
    const file = join(cwd, 'skiff.yaml');
    const loaded = await load({ env: { AWS_PROFILE: 'lab' } });
    const [minio, s3, literal] = loaded.storage.providers;
    expect(minio).toEqual({
      scheme: 'minio',
      bucket: 'mlpipeline',
      keyPrefix: 'v2/',
      endpoint: 'minio:80',
      secure: false,
      credentials: { kind: 'default-chain' },
      source: `file:${file}#storage.providers[0]`,
      fieldSources: {
        bucket: `file:${file}#storage.providers[0].bucket`,
        keyPrefix: `file:${file}#storage.providers[0].keyPrefix`,
        endpoint: `file:${file}#storage.providers[0].endpoint`,
        secure: `file:${file}#storage.providers[0].secure`,
        credentials: `file:${file}#storage.providers[0].credentials`,
      },
    });
    expect(s3?.credentials).toEqual({
      kind: 'file',
      file: join(homeDir, '.aws/credentials'),
      profile: 'lab',
    });
    expect(s3?.fieldSources.credentials).toBe(
      `file:${file}#storage.providers[1].credentials+env:AWS_PROFILE`,
    );
    expect(literal?.credentials).toEqual({
      kind: 'keys',
      accessKeyId: 'AKIAEXAMPLE1',
      secretAccessKey: 'wJalrXUtn',
    });
    expect(loaded.storage.conflicts).toEqual([]);
  });

  it('takes the list from SKIFF_STORAGE_PROVIDERS as JSON or YAML, and fromEnv keys from the environment', async () => {
    const env = {
      SKIFF_STORAGE_PROVIDERS:
        '[{"scheme":"s3","endpoint":"http://localhost:9000","credentials":{"fromEnv":true}}]',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
    };
    const json = await load({ env });
    expect(json.storage.providers[0]).toMatchObject({
      scheme: 's3',
      endpoint: 'http://localhost:9000',
      credentials: { kind: 'keys', accessKeyId: 'AKIAEXAMPLE1', secretAccessKey: 'aws-secret' },
      source: 'env:SKIFF_STORAGE_PROVIDERS#storage.providers[0]',
      fieldSources: { credentials: 'env:AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY' },
    });
    const yaml = await load({ env: { SKIFF_STORAGE_PROVIDERS: '- scheme: minio\n  endpoint: m:9000\n' } });
    expect(yaml.storage.providers.map((provider) => provider.endpoint)).toEqual(['m:9000']);
  });

  it('rejects an unknown provider field with its path, its source and the field it probably meant', async () => {
    await writeFile(
      join(cwd, 'skiff.yaml'),
      'storage:\n  providers:\n    - { scheme: minio, endpiont: "m:9000" }\n',
    );
    const error = await rejection(load());
    expect(error.code).toBe('SKIFF_CONFIG_UNKNOWN_KEY');
    expect(error.message).toBe(
      `unknown key "storage.providers[0].endpiont" in file:${join(cwd, 'skiff.yaml')} (did you mean "endpoint"?)`,
    );
    const credentials = await rejection(
      load({
        env: { SKIFF_STORAGE_PROVIDERS: '[{"scheme":"s3","credentials":{"fromEnv":true,"profle":"x"}}]' },
      }),
    );
    expect(credentials.message).toContain('(did you mean "profile"?)');
    expect(credentials.message).toContain('env:SKIFF_STORAGE_PROVIDERS');
  });

  it('rejects a mixed or half credentials form without printing the secret', async () => {
    const error = await rejection(
      load({
        env: {
          SKIFF_STORAGE_PROVIDERS:
            '[{"scheme":"s3","credentials":{"fromEnv":true,"secretAccessKey":"wJalrXUtnFEMI"}}]',
        },
      }),
    );
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain('storage.providers[0].credentials is');
    expect(error.message).toContain('credentials must be one of { fromEnv: true }');
    expect(error.message).not.toContain('wJalrXUtnFEMI');
  });

  it('rejects SKIFF_STORAGE_PROVIDERS that is not JSON or YAML, without quoting it', async () => {
    const error = await rejection(
      load({ env: { SKIFF_STORAGE_PROVIDERS: '[{"secretAccessKey": "wJalrXUtnFEMI"' } }),
    );
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toMatch(
      /^env:SKIFF_STORAGE_PROVIDERS \(storage\.providers\) is not valid JSON or YAML/,
    );
    expect(error.message).not.toContain('wJalrXUtnFEMI');
  });
});

describe('layers of storage inputs', () => {
  it('matches flags before the environment before the file; within a layer Skiff, ConfigMap, then aliases', async () => {
    await writeFile(join(cwd, 'flag-cm.yaml'), configMap('minio://flag/root', 'flag-minio:9000'));
    await writeFile(join(cwd, 'env-cm.yaml'), configMap('minio://env/root', 'env-minio:9000'));
    await writeFile(join(cwd, 'file-cm.yaml'), configMap('minio://file/root', 'file-minio:9000'));
    await writeFile(
      join(cwd, 'skiff.yaml'),
      'storage:\n  kfpLauncherConfigMap: file-cm.yaml\n  providers:\n    - { scheme: s3, bucket: from-file }\n',
    );
    const loaded = await load({
      env: {
        SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: 'env-cm.yaml',
        SKIFF_STORAGE_PROVIDERS: '[{"scheme":"s3","bucket":"from-env"}]',
        MINIO_HOST: 'ui-minio',
        OBJECTSTORECONFIG_HOST: 'api-minio',
        OBJECTSTORECONFIG_BUCKETNAME: 'mlpipeline',
        AWS_ENDPOINT_URL: 'http://aws-like:9000',
      },
      flags: kfpFlag('flag-cm.yaml'),
    });
    const cm = (name: string) => `kfp-launcher:${join(cwd, name)}#providers.minio.default`;
    expect(loaded.storage.providers.map((provider) => provider.source)).toEqual([
      cm('flag-cm.yaml'),
      'env:SKIFF_STORAGE_PROVIDERS#storage.providers[0]',
      cm('env-cm.yaml'),
      'env:OBJECTSTORECONFIG_HOST',
      'env:MINIO_HOST',
      'env:AWS_ENDPOINT_URL',
      `file:${join(cwd, 'skiff.yaml')}#storage.providers[0]`,
      cm('file-cm.yaml'),
    ]);
    // The flag's ConfigMap root outranks the environment's; higher layers shadow lower ones silently.
    expect(loaded.config.pipelineRoot).toBe('minio://flag/root');
    expect(loaded.sources.get('pipelineRoot')).toBe(
      `kfp-launcher:${join(cwd, 'flag-cm.yaml')}#defaultPipelineRoot`,
    );
    expect(loaded.config.storage.kfpLauncherConfigMap).toBe(join(cwd, 'flag-cm.yaml'));
    // ui-minio and env-cm are the same scope in one layer: the only conflict.
    expect(loaded.storage.conflicts.map((conflict) => conflict.key)).toEqual([
      'storage.providers[minio://*].endpoint',
    ]);
    expect(loaded.config.storage.providers).toEqual([
      { scheme: 's3', bucket: 'from-env' },
      { scheme: 's3', bucket: 'from-file' },
    ]);
    expect(loaded.sources.get('storage.providers')).toBe(
      `env:SKIFF_STORAGE_PROVIDERS + file:${join(cwd, 'skiff.yaml')}`,
    );
  });

  it('reports a ConfigMap and MINIO_HOST of one layer that disagree, with both values and sources', async () => {
    await writeFile(join(cwd, 'cm.yaml'), configMap('minio://mlpipeline/v2', 'minio.kf:80'));
    const loaded = await load({
      env: {
        SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: 'cm.yaml',
        MINIO_HOST: 'minio-service',
        MINIO_PORT: '9000',
      },
    });
    const cm = `kfp-launcher:${join(cwd, 'cm.yaml')}#providers.minio.default`;
    expect(loaded.storage.conflicts).toEqual([
      {
        key: 'storage.providers[minio://*].endpoint',
        values: [
          { value: 'minio.kf:80', source: `${cm}.endpoint` },
          { value: 'minio-service:9000', source: 'env:MINIO_HOST+MINIO_PORT' },
        ],
      },
    ]);
    expect(loaded.warnings).toEqual([
      `storage.providers[minio://*].endpoint is set differently by inputs of one layer: "minio.kf:80" from ${cm}.endpoint (used) and "minio-service:9000" from env:MINIO_HOST+MINIO_PORT; make them agree or remove one`,
    ]);
  });

  it('lets a higher layer shadow a lower one of the same scope without a conflict', async () => {
    await writeFile(
      join(cwd, 'skiff.yaml'),
      'storage:\n  providers:\n    - { scheme: minio, endpoint: "minio-file:9000" }\n',
    );
    const loaded = await load({
      env: { SKIFF_STORAGE_PROVIDERS: '[{"scheme":"minio","endpoint":"minio-env:9000"}]' },
    });
    expect(loaded.storage.providers.map((provider) => provider.endpoint)).toEqual([
      'minio-env:9000',
      'minio-file:9000',
    ]);
    expect(loaded.storage.conflicts).toEqual([]);
    expect(loaded.warnings).toEqual([]);
  });

  it('reports KFP inputs of different layers that disagree (a flag-named ConfigMap and MINIO_HOST); the flag wins', async () => {
    await writeFile(join(cwd, 'cm.yaml'), configMap('minio://mlpipeline/v2', 'minio.kf:80'));
    const loaded = await load({ env: { MINIO_HOST: 'minio-service' }, flags: kfpFlag('cm.yaml') });
    expect(loaded.storage.providers.map((provider) => provider.endpoint)).toEqual([
      'minio.kf:80',
      'minio-service',
    ]);
    expect(loaded.storage.conflicts).toEqual([
      {
        key: 'storage.providers[minio://*].endpoint',
        values: [
          {
            value: 'minio.kf:80',
            source: `kfp-launcher:${join(cwd, 'cm.yaml')}#providers.minio.default.endpoint`,
          },
          { value: 'minio-service', source: 'env:MINIO_HOST' },
        ],
      },
    ]);
    expect(loaded.warnings.join('\n')).toContain('minio-service');
  });

  it('reports credentials that differ in one layer, masked', async () => {
    const loaded = await load({
      env: {
        SKIFF_STORAGE_PROVIDERS:
          '[{"scheme":"minio","credentials":{"accessKeyId":"AKIAFIRSTKEY","secretAccessKey":"first-secret"}}]',
        MINIO_ACCESS_KEY: 'SECONDKEY123',
        MINIO_SECRET_KEY: 'second-secret',
      },
    });
    const [conflict] = loaded.storage.conflicts;
    expect(conflict?.values.map((item) => item.value)).toEqual(['keys AKIA…/****', 'keys SECO…/****']);
    expect(JSON.stringify(loaded.storage.conflicts) + loaded.warnings.join('\n')).not.toMatch(
      /first-secret|second-secret/,
    );
  });

  it('puts SKIFF_PIPELINE_ROOT above the ConfigMap root of the same layer and reports the disagreement', async () => {
    await writeFile(join(cwd, 'cm.yaml'), 'PIPELINE_ROOT: minio://cm/root\n');
    const loaded = await load({
      env: { SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: 'cm.yaml', SKIFF_PIPELINE_ROOT: 's3://env/root' },
    });
    expect(loaded.config.pipelineRoot).toBe('s3://env/root');
    expect(loaded.sources.get('pipelineRoot')).toBe('env:SKIFF_PIPELINE_ROOT');
    expect(loaded.storage.conflicts).toEqual([
      {
        key: 'pipelineRoot',
        values: [
          { value: 's3://env/root', source: 'env:SKIFF_PIPELINE_ROOT' },
          { value: 'minio://cm/root', source: `kfp-launcher:${join(cwd, 'cm.yaml')}#PIPELINE_ROOT` },
        ],
      },
    ]);
    expect(loaded.warnings[0]).toContain('pipelineRoot is set differently by inputs of one layer');
  });

  it('uses the ConfigMap root of the file layer when the file sets none, and agrees silently', async () => {
    await writeFile(join(cwd, 'cm.yaml'), 'defaultPipelineRoot: minio://cm/root\n');
    await writeFile(join(cwd, 'skiff.yaml'), 'storage: { kfpLauncherConfigMap: cm.yaml }\n');
    const loaded = await load();
    expect(loaded.config.pipelineRoot).toBe('minio://cm/root');
    await writeFile(
      join(cwd, 'skiff.yaml'),
      'pipelineRoot: minio://cm/root\nstorage: { kfpLauncherConfigMap: cm.yaml }\n',
    );
    expect((await load()).storage.conflicts).toEqual([]);
  });

  it('carries storage through per-run values, which change only the pipeline root', async () => {
    await writeFile(join(cwd, 'cm.yaml'), configMap('minio://mlpipeline/v2', 'minio.kf:80'));
    const loaded = await load({ flags: kfpFlag('cm.yaml') });
    const run = withRunValues(loaded, { pipelineRoot: 'minio://other/root' }, 'run-1');
    expect(run.storage).toBe(loaded.storage);
    expect(run.config.pipelineRoot).toBe('minio://other/root');
  });

  it('fails with the ConfigMap path and who named it when the file is missing', async () => {
    const error = await rejection(load({ env: { SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: 'nope.yaml' } }));
    expect(error.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_READ');
    expect(error.message).toContain(
      `${join(cwd, 'nope.yaml')} (named by env:SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP)`,
    );
  });
});
