import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';
import {
  createBuckets,
  type S3TestServer,
  s3ClientFor,
  startCephRgw,
  startS3rver,
} from './support/s3-servers.js';

// The seed scenario of the storage issue: a kfp-launcher ConfigMap points at a custom endpoint, a
// flaky component has retryPolicy.maxRetryCount 10. The run must use that endpoint for every
// artifact and log (checked on the server), and the retries must happen and be visible.

/** A component that fails its first two attempts (a counter file outside the run), then writes a dataset. */
function flakySpec(counterFile: string): string {
  const spec = JSON.parse(
    pipeline(
      'flaky-on-custom-minio',
      {
        flaky: {
          outputArtifacts: { data: 'system.Dataset' },
          script: [
            `n=$(cat '${counterFile}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${counterFile}'`,
            'if [ "$n" -lt 3 ]; then echo "flaky: attempt $n fails" >&2; exit 1; fi',
            'echo "flaky: attempt $n succeeds"',
            'mkdir -p "$(dirname "$0")" && echo "made on attempt $n" > "$0"',
          ].join('\n'),
        },
        consume: {
          inputArtifacts: { data: 'system.Dataset' },
          outputs: { Output: 'STRING' },
          script: 'echo consuming; mkdir -p "$(dirname "$1")" && cat "$0" > "$1"',
        },
      },
      {
        tasks: {
          flaky: task('flaky', {
            retryPolicy: {
              maxRetryCount: 10,
              backoffDuration: '0s',
              backoffFactor: 2,
              backoffMaxDuration: '3600s',
            },
          }),
          consume: task('consume', {
            inputs: { artifacts: { data: from.artifact('flaky', 'data') } },
            dependentTasks: ['flaky'],
          }),
        },
        outputs: {
          parameters: {
            made: { valueFromParameter: { producerSubtask: 'consume', outputParameterKey: 'Output' } },
          },
        },
        outputTypes: { made: 'STRING' },
      },
    ),
  );
  spec.deploymentSpec.executors['exec-flaky'].container.args = ["{{$.outputs.artifacts['data'].path}}"];
  spec.deploymentSpec.executors['exec-consume'].container.args = [
    "{{$.inputs.artifacts['data'].path}}",
    "{{$.outputs.parameters['Output'].output_file}}",
  ];
  return JSON.stringify(spec);
}

function configMap(server: S3TestServer): string {
  const endpoint = server.endpoint.replace(/^http:\/\//, '');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: kfp-launcher, namespace: kubeflow }',
    'data:',
    '  defaultPipelineRoot: minio://mlpipeline/v2/artifacts',
    '  providers: |-',
    '    minio:',
    '      default:',
    `        endpoint: ${endpoint}`,
    '        disableSSL: true',
    `        region: ${server.region}`,
    '        forcePathStyle: true',
    '        credentials:',
    '          fromEnv: true',
    '',
  ].join('\n');
}

interface RunDetails {
  run: { storage: { provider: { endpoint: string; source: string } } };
  tasks: {
    path: string;
    state: string;
    attempts: { number: number; state: string; failureKind: string | null; logUri: string | null }[];
    outputs: { artifacts: Record<string, { uri: string }[]> } | null;
  }[];
}

function seedScenario(name: string, start: () => Promise<S3TestServer | string>) {
  describe(`seed scenario on ${name}`, () => {
    let server: S3TestServer | undefined;
    let skipReason = '';
    beforeAll(async () => {
      const started = await start();
      if (typeof started === 'string') skipReason = started;
      else server = started;
    }, 240_000);
    afterAll(async () => server?.stop(), 120_000);

    it('uses the ConfigMap endpoint for every artifact and log, and retries the flaky task visibly', async (context) => {
      if (!server) {
        context.skip(skipReason);
        return;
      }
      const home = tempHome('skiff-seed-');
      const scratch = mkdtempSync(join(tmpdir(), 'skiff-seed-counter-'));
      const spec = join(scratch, 'flaky.json');
      writeFileSync(spec, flakySpec(join(scratch, 'counter')));
      const cm = join(scratch, 'kfp-launcher.yaml');
      writeFileSync(cm, configMap(server));
      const env = { AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey };
      const result = await runCli(['run', spec, '--kfp-launcher', cm, '--json'], {
        home,
        env,
        timeoutMs: 120_000,
      });
      expect(result.code, result.stderr).toBe(0);
      const run = lastJson<{ run_id: string; state: string; outputs: Record<string, string> }>(result.stdout);
      expect(run.outputs.made?.trim()).toBe('made on attempt 3');

      const got = await runCli(['runs', 'get', run.run_id, '--json', '--kfp-launcher', cm], { home, env });
      const details = lastJson<RunDetails>(got.stdout);
      expect(details.run.storage.provider.endpoint).toBe(server.endpoint);
      expect(details.run.storage.provider.source).toContain(`kfp-launcher:${cm}`);
      const flaky = details.tasks.find((t) => t.path === 'flaky')!;
      expect(flaky.state).toBe('SUCCEEDED');
      expect(flaky.attempts.map((a) => [a.number, a.state, a.failureKind])).toEqual([
        [1, 'FAILED', 'USER'],
        [2, 'FAILED', 'USER'],
        [3, 'SUCCEEDED', null],
      ]);
      const text = await runCli(['runs', 'get', run.run_id, '--kfp-launcher', cm], { home, env });
      expect(text.stdout).toMatch(/flaky\s+SUCCEEDED\s+3\/11/);

      // Every artifact and every log the run recorded is on this server, under the ConfigMap's root.
      const uris = [
        ...details.tasks.flatMap((t) =>
          Object.values(t.outputs?.artifacts ?? {})
            .flat()
            .map((a) => a.uri),
        ),
        ...details.tasks.flatMap((t) => t.attempts.map((a) => a.logUri ?? '')),
      ];
      expect(uris.length).toBeGreaterThanOrEqual(5);
      const client = s3ClientFor(server);
      try {
        for (const uri of uris) {
          expect(uri).toMatch(/^minio:\/\/mlpipeline\/v2\/artifacts\/flaky-on-custom-minio\//);
          const key = uri.replace('minio://mlpipeline/', '');
          const head = await client.send(new HeadObjectCommand({ Bucket: 'mlpipeline', Key: key }));
          expect(head.ContentLength, uri).toBeGreaterThan(0);
        }
      } finally {
        client.destroy();
      }
      expect(existsSync(join(home, 'artifacts'))).toBe(false);
    }, 180_000);
  });
}

seedScenario('s3rver', async () => startS3rver({ buckets: ['mlpipeline'] }));
seedScenario('Ceph RADOS Gateway', async () => {
  const started = await startCephRgw();
  if (!started.server) return started.reason;
  await createBuckets(started.server, ['mlpipeline']);
  return started.server;
});
