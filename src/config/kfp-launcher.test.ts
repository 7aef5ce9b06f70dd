import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isSkiffError } from '../errors/index.js';
import { readKfpLauncher } from './kfp-launcher.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-kfp-launcher-'));
});

async function read(text: string, env: Record<string, string> = {}) {
  const file = join(dir, 'cm.yaml');
  await writeFile(file, text);
  return {
    file,
    inputs: await readKfpLauncher(file, 'flag:--kfp-launcher', { env, cwd: dir, homeDir: dir }),
  };
}

async function failure(
  text: string,
): Promise<{ code: string; message: string; location: string | undefined }> {
  try {
    await read(text);
  } catch (error) {
    if (isSkiffError(error)) return { code: error.code, message: error.message, location: error.location };
    throw error;
  }
  throw new Error('expected a SkiffError');
}

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kfp-launcher
  namespace: kubeflow-user
data:
  defaultPipelineRoot: minio://mlpipeline/v2/artifacts
  providers: |
    minio:
      default:
        endpoint: minio.kf-storage.svc.cluster.local:80
        disableSSL: true
        region: minio
        credentials:
          fromEnv: false
          secretRef:
            secretName: mlpipeline-minio-artifact
            accessKeyKey: accesskey
            secretKeyKey: secretkey
      overrides:
        - bucketName: team-a
          keyPrefix: v2/
          endpoint: team-a-minio:9000
          credentials:
            fromEnv: true
        - bucketName: team-b
          region: eu
          credentials:
            fromEnv: true
`;

describe('readKfpLauncher: the ConfigMap form', () => {
  it('sets the pipeline root and lists each override before its default, with sources inside the file', async () => {
    const { file, inputs } = await read(CONFIG_MAP);
    const source = `kfp-launcher:${file}`;
    expect(inputs.pipelineRoots).toEqual([
      { value: 'minio://mlpipeline/v2/artifacts', source: `${source}#defaultPipelineRoot` },
    ]);
    expect(inputs.providers.map((provider) => provider.source)).toEqual([
      `${source}#providers.minio.overrides[0]`,
      `${source}#providers.minio.overrides[1]`,
      `${source}#providers.minio.default`,
    ]);
    const [teamA, teamB, fallback] = inputs.providers;
    expect(teamA).toMatchObject({
      scheme: 'minio',
      bucket: 'team-a',
      keyPrefix: 'v2/',
      endpoint: 'team-a-minio:9000',
      secure: false,
      region: 'minio',
      credentials: { kind: 'default-chain' },
    });
    expect(teamA?.fieldSources).toMatchObject({
      endpoint: `${source}#providers.minio.overrides[0].endpoint`,
      secure: `${source}#providers.minio.default.disableSSL`,
      region: `${source}#providers.minio.default.region`,
      credentials: `${source}#providers.minio.overrides[0].credentials.fromEnv`,
    });
    expect(teamB).toMatchObject({
      bucket: 'team-b',
      endpoint: 'minio.kf-storage.svc.cluster.local:80',
      region: 'eu',
    });
    expect(fallback).toMatchObject({ scheme: 'minio', endpoint: 'minio.kf-storage.svc.cluster.local:80' });
    expect(fallback?.bucket).toBeUndefined();
    expect(inputs.warnings).toEqual([]);
  });

  it('leaves a secretRef provider without credentials and says which secret and how to give them instead', async () => {
    const { inputs } = await read(CONFIG_MAP);
    const fallback = inputs.providers[2];
    expect(fallback?.credentials).toBeUndefined();
    expect(fallback?.credentialsNote).toContain('Kubernetes secret "mlpipeline-minio-artifact"');
    expect(fallback?.credentialsNote).toContain('keys "accesskey" and "secretkey"');
    expect(fallback?.credentialsNote).toContain('credentials: { fromEnv: true }');
  });

  it('fills fromEnv credentials from the AWS keys of the environment it is given', async () => {
    const { inputs } = await read(CONFIG_MAP, {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 's',
    });
    expect(inputs.providers[0]?.credentials).toEqual({
      kind: 'keys',
      accessKeyId: 'AKIAEXAMPLE1',
      secretAccessKey: 's',
    });
    expect(inputs.providers[0]?.fieldSources.credentials).toBe('env:AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY');
  });

  it('picks the ConfigMap named kfp-launcher out of a multi-document file', async () => {
    const other =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: other }\ndata: { defaultPipelineRoot: s3://x }\n';
    const { inputs } = await read(`${other}---\n${CONFIG_MAP}`);
    expect(inputs.pipelineRoots[0]?.value).toBe('minio://mlpipeline/v2/artifacts');
  });

  it('warns about gs providers, KFP maxRetries and data keys it does not read, and goes on', async () => {
    const { inputs } = await read(
      'data:\n  defaultPipelinRoot: s3://x\n  providers: |\n    gs:\n      default: {}\n    s3:\n      default:\n        maxRetries: 3\n        credentials: { fromEnv: true }\n',
    );
    expect(inputs.warnings).toHaveLength(3);
    expect(inputs.warnings[0]).toContain('(did you mean "defaultPipelineRoot"?)');
    expect(inputs.warnings[1]).toContain('gs:// storage is not supported yet');
    expect(inputs.warnings[2]).toContain('providers.s3.default.maxRetries is ignored');
    expect(inputs.providers.map((provider) => provider.scheme)).toEqual(['s3']);
  });
});

describe('readKfpLauncher: the bare and flat forms', () => {
  it('reads a bare data map with the flat PIPELINE_ROOT and MINIO_* keys as one provider of the root scheme', async () => {
    const { file, inputs } = await read(
      'PIPELINE_ROOT: s3://bucket/root\nMINIO_ENDPOINT: http://localhost:9000\nMINIO_ACCESS_KEY: flat-access-1\nMINIO_SECRET_KEY: flat-secret-1\nMINIO_SECURE: "false"\n',
    );
    const source = `kfp-launcher:${file}`;
    expect(inputs.pipelineRoots).toEqual([{ value: 's3://bucket/root', source: `${source}#PIPELINE_ROOT` }]);
    expect(inputs.providers).toEqual([
      {
        scheme: 's3',
        endpoint: 'http://localhost:9000',
        secure: false,
        credentials: { kind: 'keys', accessKeyId: 'flat-access-1', secretAccessKey: 'flat-secret-1' },
        source: `${source}#MINIO_ENDPOINT`,
        fieldSources: {
          endpoint: `${source}#MINIO_ENDPOINT`,
          secure: `${source}#MINIO_SECURE`,
          credentials: `${source}#MINIO_ACCESS_KEY+MINIO_SECRET_KEY`,
        },
      },
    ]);
  });

  it('makes a minio provider of the flat keys when no root names a scheme, and accepts inline providers', async () => {
    const { inputs } = await read(
      'MINIO_ENDPOINT: minio:9000\nproviders:\n  s3:\n    default: { endpoint: s3.local, credentials: { fromEnv: true } }\n',
    );
    expect(inputs.providers.map((provider) => [provider.scheme, provider.endpoint])).toEqual([
      ['s3', 's3.local'],
      ['minio', 'minio:9000'],
    ]);
    expect(inputs.providers[1]?.credentialsNote).toContain(
      'needs both MINIO_ACCESS_KEY and MINIO_SECRET_KEY',
    );
  });

  it('contributes nothing from an empty file', async () => {
    const { inputs } = await read('');
    expect(inputs).toEqual({ pipelineRoots: [], providers: [], warnings: [] });
  });
});

describe('readKfpLauncher: bad input', () => {
  it('names a missing file and who named it', async () => {
    const file = join(dir, 'missing.yaml');
    const error = await readKfpLauncher(file, 'flag:--kfp-launcher', {
      env: {},
      cwd: dir,
      homeDir: dir,
    }).catch((e: unknown) => e);
    expect(isSkiffError(error) && error.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_READ');
    expect((error as Error).message).toContain(`${file} (named by flag:--kfp-launcher) cannot be read`);
  });

  it('reports YAML that does not parse with its line, without quoting the text', async () => {
    const error = await failure('data:\n  MINIO_SECRET_KEY: "topsecret\n');
    expect(error.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_READ');
    expect(error.message).toMatch(/is not valid YAML: \w+ at line \d+, column \d+/);
    expect(error.message).not.toContain('topsecret');
  });

  it('reports bad YAML inside the providers string with its path in the file', async () => {
    const error = await failure('kind: ConfigMap\ndata:\n  providers: |\n    minio: [unclosed\n');
    expect(error.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_READ');
    expect(error.location).toMatch(/cm\.yaml#data\.providers$/);
  });

  it('rejects an unknown provider field with its path and the field it probably meant', async () => {
    const error = await failure(
      'kind: ConfigMap\ndata:\n  providers: |\n    minio:\n      overrides:\n        - bucketName: b\n          endpiont: x:1\n',
    );
    expect(error.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_INVALID');
    expect(error.message).toContain(
      'data.providers.minio.overrides[0] has unknown field "endpiont" (did you mean "endpoint"?)',
    );
    expect(error.location).toMatch(/cm\.yaml#data\.providers\.minio\.overrides\[0\]$/);
  });

  it('rejects an override without a bucket, a wrong kind, and a bad flat endpoint', async () => {
    const noBucket = await failure('providers: |\n  s3:\n    overrides:\n      - keyPrefix: a\n');
    expect(noBucket.message).toContain('providers.s3.overrides[0].bucketName');
    const kind = await failure('kind: Secret\ndata: {}\n');
    expect(kind.message).toContain('kind is "Secret", not ConfigMap');
    const providerEndpoint = await failure(
      'providers: |\n  minio:\n    default: { endpoint: "http://h:1/path" }\n',
    );
    expect(providerEndpoint.message).toContain(
      'providers.minio.default.endpoint must be host, host:port or http(s)://host[:port]',
    );
    const endpoint = await failure('MINIO_ENDPOINT: http://h:9000/path\n');
    expect(endpoint.code).toBe('SKIFF_CONFIG_KFP_LAUNCHER_INVALID');
    expect(endpoint.location).toMatch(/#MINIO_ENDPOINT$/);
  });
});
