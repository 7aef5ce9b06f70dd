import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { lastJson } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { noClusterReason, TEST_SKIFF_IMAGE } from './support/k8s-cluster.js';
import { type RunJson, type TaskJson, useClusterFixture, waitFor } from './support/k8s-fixture.js';
import { kubectl, skiffOnCluster, skiffPods } from './support/k8s-harness.js';
import { s3ClientFor } from './support/s3-servers.js';

// Faults and restarts on the real single-node cluster of ../shared/k8s-local (started by the suite's
// global setup): pods deleted by someone else, canceled runs, skiff killed -9 while pods run, and the
// store going away while a pod uploads.
const clusterReason = noClusterReason();

describe.skipIf(clusterReason !== undefined)('pods deleted, runs canceled', () => {
  const k8s = useClusterFixture('faults', 'k8s-faults');

  it('makes a new attempt when the pod of the running one is deleted by someone else', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const spec = pipeline(
      'deleted',
      {
        slow: {
          script: `n=$(wget -qO- ${k8s.counter.url}/hit/deleted); echo "try $n"; if [ "$n" = 1 ]; then sleep 120; fi`,
        },
      },
      {
        tasks: {
          slow: task('slow', {
            retryPolicy: {
              maxRetryCount: 1,
              backoffDuration: '0s',
              backoffFactor: 1,
              backoffMaxDuration: '3600s',
            },
          }),
        },
      },
    );
    const running = skiffOnCluster(['run', k8s.specFile('deleted', spec), '--json'], k8s.dir);
    await waitFor(() => k8s.counter.hits('deleted') === 1, 60_000);
    const [pod] = skiffPods(k8s.namespace, 'slow');
    kubectl('delete', '-n', k8s.namespace, pod!, '--wait=false');
    const run = lastJson<RunJson>((await running).stdout);
    expect(run.state).toBe('SUCCEEDED');
    const [slow] = await k8s.tasksOf(run.run_id);
    expect(slow?.attempts.map((a) => a.failureKind)).toEqual(['SYSTEM', null]);
    expect(slow?.attempts[0]?.message).toMatch(/^SKIFF_K8S_POD_DELETED/);
  }, 180_000);

  it('deletes the pods of a run that is canceled (Ctrl-C on skiff run)', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const spec = pipeline(
      'canceled',
      { sleeper: { script: `wget -qO- ${k8s.counter.url}/hit/canceled; sleep 300` } },
      { tasks: { sleeper: task('sleeper') } },
    );
    const child = k8s.spawnRun(k8s.specFile('canceled', spec));
    await waitFor(() => k8s.counter.hits('canceled') === 1, 60_000);
    expect(skiffPods(k8s.namespace, 'sleeper'), kubectl('get', 'pods', '-A', '-o', 'wide')).toHaveLength(1);
    child.kill('SIGINT');
    expect(await child.exited).toBe(130);
    await waitFor(() => skiffPods(k8s.namespace, 'sleeper').length === 0, 30_000);
  });
});

describe.skipIf(clusterReason !== undefined)('a Kubernetes run whose skiff is killed -9', () => {
  const k8s = useClusterFixture('adopt', 'k8s-adopt', { extra: 'engine:\n  maxParallelTasks: 32' });

  it('reads the outcome a pod stored when the pod is gone by the time skiff resumes: the task does not run again', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const spec = pipeline(
      'gone',
      {
        once: {
          outputs: { Output: 'STRING' },
          script: `wget -qO- ${k8s.counter.url}/hit/gone >/dev/null; sleep 3; printf "made once" > "$0"`,
          args: ["{{$.outputs.parameters['Output'].output_file}}"],
        },
      },
      {
        tasks: { once: task('once') },
        outputs: {
          parameters: {
            Output: { valueFromParameter: { producerSubtask: 'once', outputParameterKey: 'Output' } },
          },
        },
        outputTypes: { Output: 'STRING' },
      },
    );
    const child = k8s.spawnRun(k8s.specFile('gone', spec));
    await waitFor(() => k8s.counter.hits('gone') === 1, 120_000);
    child.kill('SIGKILL');
    await child.exited;
    const [pod] = skiffPods(k8s.namespace, 'once');
    expect(pod).toBeDefined();
    // The pod ends (its sidecar reports), then goes before any skiff reads it.
    const phase = () => kubectl('get', pod!, '-n', k8s.namespace, '-o', 'jsonpath={.status.phase}');
    await waitFor(() => phase() === 'Succeeded', 120_000);
    kubectl('delete', pod!, '-n', k8s.namespace, '--wait=true');
    const listed = await skiffOnCluster(['runs', 'list', '--json'], k8s.dir);
    const runId = (
      JSON.parse(listed.stdout) as { id: string; display_name?: string; pipeline_name?: string }[]
    ).map((run) => run.id)[0]!;
    const resumed = await skiffOnCluster(['resume', runId, '--json'], k8s.dir);
    expect(lastJson<RunJson>(resumed.stdout)).toMatchObject({
      state: 'SUCCEEDED',
      outputs: { Output: 'made once' },
    });
    expect(k8s.counter.hits('gone')).toBe(1);
    const [once] = await k8s.tasksOf(runId);
    expect(once?.attempts.map((a) => [a.number, a.failureKind])).toEqual([[1, null]]);
  }, 300_000);

  it('adopts its 20 running pods when resumed: no task runs twice, every outcome is recorded', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const ITEM = 'pipelinechannel--loop-item-param-1';
    const spec = pipeline(
      'adopt',
      {
        work: {
          inputs: { item: 'NUMBER_INTEGER' },
          outputs: { Output: 'STRING' },
          script: `wget -qO- ${k8s.counter.url}/hit/adopt-$0 >/dev/null; sleep $((5 + $0 % 4)); printf "done %s" "$0" > "$1"`,
          args: ["{{$.inputs.parameters['item']}}", "{{$.outputs.parameters['Output'].output_file}}"],
        },
        body: {
          inputs: { [ITEM]: 'NUMBER_INTEGER' },
          dag: { tasks: { work: task('work', { inputs: { parameters: { item: from.input(ITEM) } } }) } },
        },
      },
      {
        tasks: {
          loop: task('body', {
            parameterIterator: {
              items: { raw: JSON.stringify(Array.from({ length: 20 }, (_, i) => i)) },
              itemInput: ITEM,
            },
          }),
        },
      },
    );
    const file = k8s.specFile('adopt', spec);
    const child = k8s.spawnRun(file);
    const keys = Array.from({ length: 20 }, (_, i) => `adopt-${i}`);
    await waitFor(() => keys.every((key) => k8s.counter.hits(key) === 1), 120_000);
    child.kill('SIGKILL');
    await child.exited;
    expect(skiffPods(k8s.namespace)).toHaveLength(20);
    const listed = await skiffOnCluster(['runs', 'list', '--json'], k8s.dir);
    const runId = (JSON.parse(listed.stdout) as { id: string }[])[0]!.id;
    const resumed = await skiffOnCluster(['resume', runId, '--json'], k8s.dir);
    expect(lastJson<RunJson>(resumed.stdout).state).toBe('SUCCEEDED');
    for (const key of keys) expect(k8s.counter.hits(key), key).toBe(1);
    const got = await skiffOnCluster(['runs', 'get', runId, '--json'], k8s.dir);
    const works = (JSON.parse(got.stdout) as { tasks: TaskJson[] }).tasks.filter((t) => t.name === 'work');
    expect(works).toHaveLength(20);
    for (const work of works)
      expect(work.attempts.map((a) => [a.number, a.failureKind])).toEqual([[1, null]]);
    await waitFor(() => skiffPods(k8s.namespace).length === 0, 60_000);
  }, 300_000);
});

describe.skipIf(clusterReason !== undefined)(
  'storage given once, in a kfp-launcher ConfigMap, for the server and every pod',
  () => {
    const bucket = 'k8s-launcher';
    const k8s = useClusterFixture('outage', bucket, {
      // The first time the component says it is done, the store goes away for 8 s: its upload fails.
      onHit: (fixture, key, n) => {
        if (key === 'outage' && n === 1) void fixture.s3.restart(8_000);
      },
      // No storage in skiff.yaml: the pipeline root, endpoint and keys come only from the ConfigMap.
      write: (fixture) => {
        writeFileSync(
          path.join(fixture.dir, 'skiff.yaml'),
          [
            `home: ${path.join(fixture.dir, 'home')}`,
            'storage:',
            '  retry: { maxAttempts: 2, budgetSeconds: 2 }',
            'executor:',
            '  kind: kubernetes',
            '  kubernetes:',
            `    namespace: ${fixture.namespace}`,
            `    image: ${TEST_SKIFF_IMAGE}`,
            '    hostNetwork: true',
            '    imagePullPolicy: Never',
            '    keepFailedPodsSeconds: 0',
          ].join('\n'),
        );
        writeFileSync(
          path.join(fixture.dir, 'kfp-launcher.yaml'),
          [
            'apiVersion: v1',
            'kind: ConfigMap',
            'metadata: { name: kfp-launcher, namespace: kubeflow }',
            'data:',
            `  defaultPipelineRoot: minio://${bucket}/launcher`,
            `  MINIO_ENDPOINT: ${fixture.s3.endpoint.replace(/^http:\/\//, '')}`,
            `  MINIO_ACCESS_KEY: ${fixture.s3.accessKeyId}`,
            `  MINIO_SECRET_KEY: ${fixture.s3.secretAccessKey}`,
            '  MINIO_SECURE: "false"',
          ].join('\n'),
        );
      },
    });

    it('retries an attempt whose upload failed because the store was down, and the run succeeds on that store', async () => {
      if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
      const spec = pipeline(
        'outage',
        {
          produce: {
            outputArtifacts: { data: 'system.Dataset' },
            script: `head -c 200000 /dev/zero > "$0"; wget -qO- ${k8s.counter.url}/hit/outage; sleep 1`,
            args: ["{{$.outputs.artifacts['data'].path}}"],
          },
        },
        {
          tasks: {
            produce: task('produce', {
              retryPolicy: {
                maxRetryCount: 2,
                backoffDuration: '12s',
                backoffFactor: 1,
                backoffMaxDuration: '3600s',
              },
            }),
          },
        },
      );
      const file = k8s.specFile('outage', spec);
      const result = await skiffOnCluster(
        ['run', file, '--json', '--kfp-launcher', path.join(k8s.dir, 'kfp-launcher.yaml')],
        k8s.dir,
      );
      const run = lastJson<RunJson>(result.stdout);
      expect(run.state, result.stderr).toBe('SUCCEEDED');
      const got = await skiffOnCluster(['runs', 'get', run.run_id, '--json'], k8s.dir);
      const [produce] = (JSON.parse(got.stdout) as { tasks: TaskJson[] }).tasks;
      expect(produce?.attempts.map((a) => a.failureKind)).toEqual(['SYSTEM', null]);
      expect(produce?.attempts[0]?.message).toMatch(/^SKIFF_STORAGE/);
      const client = s3ClientFor(k8s.s3);
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'launcher/' }));
      client.destroy();
      expect((listed.Contents ?? []).some((o) => o.Key?.endsWith('/data') && o.Size === 200000)).toBe(true);
    }, 180_000);
  },
);
