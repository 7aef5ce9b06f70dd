import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, lastJson, runCli, tempHome } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { freePort, type S3TestServer, s3ClientFor, startS3rver } from './support/s3-servers.js';

// Runs on a minio:// root served by s3rver on loopback: artifacts and logs land on that server,
// the run records the storage it used, and a root that cannot be used fails before any task starts.

let server: S3TestServer;
let home: string;
beforeAll(async () => {
  server = await startS3rver({ buckets: ['mlpipeline', 'other'] });
  home = tempHome('skiff-s3-runs-');
});
afterAll(async () => server?.stop());

/** KFP UI-server style variables naming the s3rver endpoint. */
function minioEnv(s: S3TestServer, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    MINIO_HOST: '127.0.0.1',
    MINIO_PORT: String(s.port),
    MINIO_SSL: 'false',
    MINIO_ACCESS_KEY: s.accessKeyId,
    MINIO_SECRET_KEY: s.secretAccessKey,
    ...overrides,
  };
}

/** The text of the object at `uri` (minio://bucket/key), or of the first object under it (directory artifacts). */
async function objectText(s: S3TestServer, uri: string): Promise<string> {
  const [, bucket = '', key = ''] = /^minio:\/\/([^/]+)\/(.*)$/.exec(uri) ?? [];
  const client = s3ClientFor(s);
  try {
    const keys = await keysOnServer(s, bucket, key);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keys.sort()[0] }));
    return await object.Body!.transformToString();
  } finally {
    client.destroy();
  }
}

async function keysOnServer(s: S3TestServer, bucket: string, prefix: string): Promise<string[]> {
  const client = s3ClientFor(s);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) keys.push(item.Key!);
    token = page.NextContinuationToken;
  } while (token);
  client.destroy();
  return keys;
}

const producerConsumer = pipeline(
  'producer-consumer',
  {
    produce: {
      outputArtifacts: { data: 'system.Dataset' },
      script: `echo producing rows; mkdir -p "$(dirname "$0")" && printf 'rows=3' > "$0"`,
    },
    consume: {
      inputArtifacts: { data: 'system.Dataset' },
      outputs: { Output: 'STRING' },
      script: `mkdir -p "$(dirname "$1")" && cat "$0" > "$1"`,
    },
  },
  {
    tasks: {
      produce: task('produce'),
      consume: task('consume', {
        inputs: { artifacts: { data: from.artifact('produce', 'data') } },
        dependentTasks: ['produce'],
      }),
    },
    outputs: {
      parameters: {
        result: { valueFromParameter: { producerSubtask: 'consume', outputParameterKey: 'Output' } },
      },
    },
    outputTypes: { result: 'STRING' },
  },
);

function withArgs(spec: string, args: Record<string, string[]>): string {
  const parsed = JSON.parse(spec);
  for (const [executor, list] of Object.entries(args))
    parsed.deploymentSpec.executors[executor].container.args = list;
  return JSON.stringify(parsed);
}

const specPath = () => {
  const file = join(home, 'producer-consumer.json');
  writeFileSync(
    file,
    withArgs(producerConsumer, {
      'exec-produce': ["{{$.outputs.artifacts['data'].path}}"],
      'exec-consume': [
        "{{$.inputs.artifacts['data'].path}}",
        "{{$.outputs.parameters['Output'].output_file}}",
      ],
    }),
  );
  return file;
};

describe('runs on a minio:// pipeline root', () => {
  it('stores every artifact and log on the configured endpoint and records the storage it used', async () => {
    const spec = specPath();
    const env = minioEnv(server);
    const result = await runCli(['run', spec, '--pipeline-root', 'minio://mlpipeline/v2', '--json'], {
      home,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const run = lastJson<{ run_id: string; state: string; outputs: Record<string, unknown> }>(result.stdout);
    expect(run.state).toBe('SUCCEEDED');
    expect(run.outputs.result).toBe('rows=3');

    const keys = await keysOnServer(server, 'mlpipeline', `v2/producer-consumer/${run.run_id}/`);
    expect(keys.some((k) => /\/produce\/[^/]+\/data$/.test(k))).toBe(true);
    expect(keys.filter((k) => k.includes('/logs/')).sort()).toEqual([
      `v2/producer-consumer/${run.run_id}/logs/consume.attempt-1.log`,
      `v2/producer-consumer/${run.run_id}/logs/produce.attempt-1.log`,
    ]);

    const got = await runCli(['runs', 'get', run.run_id, '--json'], { home, env });
    const details = lastJson<{ run: { storage: Record<string, unknown> } }>(got.stdout);
    expect(details.run.storage).toMatchObject({
      pipelineRoot: 'minio://mlpipeline/v2',
      pipelineRootSource: 'flag:--pipeline-root',
      provider: {
        scheme: 'minio',
        endpoint: server.endpoint,
        secure: false,
        credentials: 'keys',
        source: 'env:MINIO_HOST',
        fieldSources: { endpoint: 'env:MINIO_HOST+MINIO_PORT' },
      },
    });
    expect(JSON.stringify(details)).not.toContain(
      server.secretAccessKey === 'S3RVER' ? 'S3RVER"' : server.secretAccessKey,
    );
    const text = await runCli(['runs', 'get', run.run_id], { home, env });
    expect(text.stdout).toContain(`endpoint ${server.endpoint} (env:MINIO_HOST+MINIO_PORT)`);
    // The stored log is read back from the server (the attempt's log URI is minio://...).
    const logs = await runCli(['logs', run.run_id, 'produce'], { home, env });
    expect(logs.stdout).toContain('producing rows');
  });

  it('fails fast, before any task, when the endpoint is down (exit 2): the endpoint and its source are named', async () => {
    const port = await freePort();
    const started = Date.now();
    const result = await runCli(['run', specPath(), '--pipeline-root', 'minio://mlpipeline/v2', '--json'], {
      home,
      env: minioEnv(server, { MINIO_PORT: String(port) }),
    });
    const elapsedMs = Date.now() - started;
    expect(result.code).toBe(2);
    const run = lastJson<{ run_id: string; state: string; tasks: unknown[] }>(result.stdout);
    expect(run.state).toBe('FAILED');
    expect(run.tasks).toEqual([]);
    expect(elapsedMs).toBeLessThan(5000 + 1500); // 5 s for the check, the rest is CLI start-up
    const got = await runCli(['runs', 'get', run.run_id], { home, env: minioEnv(server) });
    expect(got.stdout).toContain('SKIFF_STORAGE_UNREACHABLE');
    expect(got.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(got.stdout).toContain('env:MINIO_HOST+MINIO_PORT');
  });

  it.each([
    [
      'wrong credentials',
      { MINIO_ACCESS_KEY: 'NOT-A-KEY' },
      'minio://mlpipeline/v2',
      'SKIFF_STORAGE_CREDENTIALS',
    ],
    ['a missing bucket', {}, 'minio://no-such-bucket/v2', 'SKIFF_STORAGE_NO_BUCKET'],
  ])('fails before any task (exit 2) with a distinct code for %s', async (_, overrides, root, code) => {
    const result = await runCli(['run', specPath(), '--pipeline-root', root, '--json'], {
      home,
      env: minioEnv(server, overrides),
    });
    expect(result.code).toBe(2);
    const run = lastJson<{ run_id: string; state: string; tasks: unknown[] }>(result.stdout);
    expect(run.tasks).toEqual([]);
    const got = await runCli(['runs', 'get', run.run_id, '--json'], { home, env: minioEnv(server) });
    expect(lastJson<{ run: { error: string } }>(got.stdout).run.error).toMatch(new RegExp(`^${code}: `));
  });

  it('refuses a root no provider serves before creating a run (exit 2, the key and its source named)', async () => {
    const result = await runCli(['run', specPath(), '--pipeline-root', 's3://mlpipeline/v2'], {
      home,
      env: minioEnv(server),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SKIFF_STORAGE_NO_PROVIDER');
    expect(result.stderr).toContain('flag:--pipeline-root');
    expect(result.stderr).toContain('minio://* (from env:MINIO_HOST)');
  });
});

const ARTIFACT_PIPELINES: readonly (readonly [string, string | undefined, string | undefined])[] = [
  ['artifacts_complex.yaml', 'sum', '42'],
  ['pythonic_artifacts_with_multiple_returns.yaml', 'Output', 'Hello,'],
  ['collected_artifacts.yaml', undefined, undefined],
  ['pipeline_with_parallelfor_list_artifacts_GH-12033.yaml', undefined, undefined],
  ['output_metrics.yaml', 'metrics', undefined],
];

describe.skipIf(!existsSync(CORPUS))('corpus pipelines passing artifacts, on a minio:// root', () => {
  it.each(ARTIFACT_PIPELINES)(
    '%s succeeds with its artifacts on the server',
    async (file, output, content) => {
      const result = await runCli(
        [
          'run',
          join(CORPUS, 'valid', file),
          '--pipeline-root',
          'minio://mlpipeline/corpus',
          '--no-cache',
          '--json',
        ],
        { home, env: minioEnv(server), timeoutMs: 120_000 },
      );
      expect(result.code, result.stderr + result.stdout.slice(-2000)).toBe(0);
      const run = lastJson<{ run_id: string; outputs: Record<string, unknown> }>(result.stdout);
      const keys = await keysOnServer(server, 'mlpipeline', `corpus/`);
      expect(keys.some((k) => k.includes(run.run_id))).toBe(true);
      if (output !== undefined) {
        const uri = String(run.outputs[output]);
        expect(uri).toMatch(/^minio:\/\/mlpipeline\/corpus\//);
        if (content !== undefined) expect((await objectText(server, uri)).trim()).toBe(content);
      }
    },
    150_000,
  );
});

describe('skiff doctor', () => {
  it('passes every check against a reachable provider and shows the probe steps', async () => {
    const result = await runCli(['doctor', '--pipeline-root', 'minio://mlpipeline/v2', '--json'], {
      home,
      env: minioEnv(server),
    });
    const report = lastJson<{ ok: boolean; checks: { name: string; status: string }[] }>(result.stdout);
    expect(result.code, result.stdout).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'config',
        'metadata',
        'storage dns',
        'storage tcp',
        'storage bucket',
        'storage put',
        'storage get',
        'storage delete',
        'python',
      ]),
    );
  });

  it('fails on a ConfigMap and an env var that name different endpoints, showing both sources', async () => {
    const configMap = join(home, 'kfp-launcher.yaml');
    writeFileSync(
      configMap,
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: kfp-launcher }',
        'data:',
        '  defaultPipelineRoot: minio://mlpipeline/v2',
        '  providers: |',
        '    minio:',
        '      default:',
        `        endpoint: 127.0.0.1:${server.port}`,
        '        disableSSL: true',
        '        credentials: { fromEnv: true }',
        '',
      ].join('\n'),
    );
    const env = {
      ...minioEnv(server, { MINIO_HOST: 'localhost' }),
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: configMap,
    };
    const result = await runCli(['doctor'], { home, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('config conflict');
    expect(result.stdout).toContain(`127.0.0.1:${server.port}`);
    expect(result.stdout).toContain(`localhost:${server.port}`);
    expect(result.stdout).toContain('env:MINIO_HOST');
    expect(result.stdout).toContain(`kfp-launcher:${configMap}`);
    expect(result.stdout).not.toContain(
      server.secretAccessKey === 'S3RVER' ? 'S3RVER ' : server.secretAccessKey,
    );
  });
});
