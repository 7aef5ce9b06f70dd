import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { isSkiffError } from '../errors/index.js';
import { ProviderStores } from './provider-stores.js';

const cwd = mkdtempSync(join(tmpdir(), 'skiff-provider-stores-'));
const homeDir = cwd;

async function storesFor(env: Record<string, string>, flags: Record<string, string> = {}) {
  const values = Object.fromEntries(
    Object.entries(flags).map(([key, value]) => [key, { value, flag: `--${key}` }]),
  );
  return new ProviderStores(await loadConfig({ env, cwd, homeDir, flags: { values } }));
}

function failure(action: () => unknown): { code: string; message: string; fix: string } {
  try {
    action();
  } catch (error) {
    if (isSkiffError(error)) return { code: error.code, message: error.message, fix: error.fix };
    throw error;
  }
  throw new Error('expected a SkiffError');
}

const MINIO = {
  MINIO_HOST: 'minio.kf-storage.svc.cluster.local',
  MINIO_PORT: '80',
  MINIO_SSL: 'false',
  MINIO_ACCESS_KEY: 'AKIAEXAMPLEKEY',
  MINIO_SECRET_KEY: 'very-secret',
};

describe('ProviderStores', () => {
  it('resolves a minio:// URI to its provider, with the normalised endpoint and the source of each value', async () => {
    const stores = await storesFor({ ...MINIO, SKIFF_PIPELINE_ROOT: 'minio://mlpipeline/v2' });
    const { settings, storage } = stores.resolve('minio://mlpipeline/v2');
    expect(settings).toMatchObject({
      rootUri: 'minio://mlpipeline',
      bucket: 'mlpipeline',
      endpoint: 'http://minio.kf-storage.svc.cluster.local', // port 80 is http's default
      secure: false,
      forcePathStyle: true,
      region: 'us-east-1',
      retry: { maxAttempts: 10, budgetMs: 30_000 },
    });
    expect(storage).toEqual({
      pipelineRoot: 'minio://mlpipeline/v2',
      pipelineRootSource: 'env:SKIFF_PIPELINE_ROOT',
      provider: {
        scheme: 'minio',
        bucket: 'mlpipeline',
        endpoint: 'http://minio.kf-storage.svc.cluster.local', // port 80 is http's default
        secure: false,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: 'keys',
        source: 'env:MINIO_HOST',
        fieldSources: expect.objectContaining({ endpoint: 'env:MINIO_HOST+MINIO_PORT' }),
      },
    });
    expect(JSON.stringify(storage)).not.toMatch(/very-secret|AKIAEXAMPLEKEY/);
    stores.close();
  });

  it('serves file:// URIs from local files with no provider, and one S3 store per provider and bucket', async () => {
    const stores = await storesFor(MINIO);
    expect(stores.resolve('file:///tmp/x').storage.provider).toBeNull();
    expect(stores.storeFor('file:///tmp/x').localPath?.('tmp/x')).toBe('/tmp/x');
    const a = stores.storeFor('minio://mlpipeline/a/b');
    expect(stores.storeFor('minio://mlpipeline/c')).toBe(a);
    expect(stores.storeFor('minio://other/c')).not.toBe(a);
    expect(a.rootUri).toBe('minio://mlpipeline');
    stores.close();
  });

  it('refuses a URI no provider serves, naming it, where it was set, the providers there are and the fix', async () => {
    const stores = await storesFor(MINIO, { pipelineRoot: 's3://bucket/root' });
    const noS3 = failure(() => stores.resolve('s3://bucket/root'));
    expect(noS3.code).toBe('SKIFF_STORAGE_NO_PROVIDER');
    expect(noS3.message).toBe(
      '"s3://bucket/root" (set in flag:--pipelineRoot) has no storage provider: configured providers serve minio://* (from env:MINIO_HOST)',
    );
    expect(noS3.fix).toContain('storage.providers with scheme "s3"');
    const gs = failure(() => stores.resolve('gs://bucket/x'));
    expect(gs.fix).toContain('gs:// is not supported here');
  });

  it('refuses a provider without credentials, saying why they are missing', async () => {
    const configMap = join(cwd, 'secret-ref.yaml');
    writeFileSync(
      configMap,
      [
        'data:',
        '  providers: |',
        '    minio:',
        '      default:',
        '        endpoint: minio:9000',
        '        credentials:',
        '          fromEnv: false',
        '          secretRef: { secretName: mlpipeline-minio-artifact, accessKeyKey: accesskey, secretKeyKey: secretkey }',
        '',
      ].join('\n'),
    );
    const stores = await storesFor({ SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: configMap });
    const missing = failure(() => stores.resolve('minio://mlpipeline/v2'));
    expect(missing.code).toBe('SKIFF_STORAGE_CREDENTIALS');
    expect(missing.message).toContain('has no credentials');
    expect(missing.message).toContain('mlpipeline-minio-artifact');
  });

  it('refuses a minio provider without an endpoint (there is no default endpoint)', async () => {
    const stores = await storesFor({ MINIO_ACCESS_KEY: 'AKIAEXAMPLEKEY', MINIO_SECRET_KEY: 'very-secret' });
    const missing = failure(() => stores.resolve('minio://mlpipeline/v2'));
    expect(missing.code).toBe('SKIFF_CONFIG_INVALID');
    expect(missing.message).toContain('has no endpoint');
    expect(missing.fix).toContain('MINIO_HOST');
  });
});
