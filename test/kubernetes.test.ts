import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, REPO, SKIFF_BIN } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { noClusterReason, TEST_SKIFF_IMAGE, testCluster } from './support/k8s-cluster.js';
import {
  clusterConfig,
  createNamespace,
  kubectl,
  skiffOnCluster,
  skiffPods,
  startCounter,
} from './support/k8s-harness.js';
import { createBuckets, type S3TestServer, s3ClientFor, startCephRgw } from './support/s3-servers.js';

// Runs on the real single-node Kubernetes of ../shared/k8s-local, started by the suite's global
// setup, with pods on the node's network so that they reach the Ceph RGW on 127.0.0.1.
const clusterReason = noClusterReason();

interface RunJson {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
}
interface AttemptJson {
  number: number;
  exitCode: number | null;
  failureKind: string | null;
  message: string | null;
}
interface TaskJson {
  name: string;
  state: string;
  attempts: AttemptJson[];
}

describe.skipIf(clusterReason !== undefined)('the Kubernetes executor on a real cluster', () => {
  let s3: S3TestServer;
  let cephReason: string | undefined;
  let namespace: string;
  let dir: string;
  let counter: Awaited<ReturnType<typeof startCounter>>;
  const bucket = 'k8s-runs';

  beforeAll(async () => {
    const started = await startCephRgw();
    if (started.reason !== undefined) {
      cephReason = started.reason;
      return;
    }
    s3 = started.server;
    await createBuckets(s3, [bucket]);
    namespace = createNamespace('exec');
    dir = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-'));
    clusterConfig(dir, { namespace, s3, bucket });
    counter = await startCounter();
  }, 240_000);

  afterAll(async () => {
    if (namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
    await counter?.close();
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  async function tasksOf(runId: string): Promise<TaskJson[]> {
    const got = await skiffOnCluster(['runs', 'get', runId, '--json'], dir);
    return (JSON.parse(got.stdout) as { tasks: TaskJson[] }).tasks;
  }

  it('runs a shell task and a KFP Python task as pods, with artifacts and logs in the run storage', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const spec = path.join(REPO, 'test', 'fixtures', 'pipelines', 'shell-and-python.yaml');
    const result = await skiffOnCluster(['run', spec, '--json', '--no-cache'], dir);
    expect(result.stderr).toBe('');
    const run = lastJson<RunJson>(result.stdout);
    expect(run).toMatchObject({ state: 'SUCCEEDED', outputs: { Output: 'HELLO SKIFF!' } });
    const client = s3ClientFor(s3);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'root/' }));
    client.destroy();
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    expect(keys.some((k) => k?.endsWith('/out'))).toBe(true);
    expect(keys.some((k) => k?.includes('/logs/greet.attempt-1.log'))).toBe(true);
    // The log outlives the pod: the pods of succeeded attempts are gone.
    expect(skiffPods(namespace)).toEqual([]);
    const logs = await skiffOnCluster(['logs', run.run_id, 'greet'], dir);
    expect(logs.stdout).toContain('greeting skiff');
  });

  it('retries a flaky task in new pods until its third attempt succeeds, and records every attempt', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const spec = pipeline(
      'flaky',
      {
        flaky: {
          outputArtifacts: { data: 'system.Dataset' },
          script: `n=$(wget -qO- ${counter.url}/hit/flaky); echo "try $n"; [ "$n" -ge 3 ] || exit 1; echo "made on try $n" > "$0"`,
          args: ["{{$.outputs.artifacts['data'].path}}"],
        },
      },
      {
        tasks: {
          flaky: task('flaky', {
            retryPolicy: {
              maxRetryCount: 3,
              backoffDuration: '0s',
              backoffFactor: 1,
              backoffMaxDuration: '3600s',
            },
          }),
        },
      },
    );
    const result = await skiffOnCluster(['run', specFile(dir, 'flaky', spec), '--json'], dir);
    const run = lastJson<RunJson>(result.stdout);
    expect(run.state).toBe('SUCCEEDED');
    const [flaky] = await tasksOf(run.run_id);
    expect(flaky?.attempts.map((a) => [a.number, a.exitCode, a.failureKind])).toEqual([
      [1, 1, 'USER'],
      [2, 1, 'USER'],
      [3, 0, null],
    ]);
    expect(counter.hits('flaky')).toBe(3);
    const logs = await skiffOnCluster(['logs', run.run_id, 'flaky', '--attempt', '1'], dir);
    expect(logs.stdout).toContain('try 1');
  });

  it('fails a run whose storage endpoint is wrong before any pod starts, naming the endpoint and its source', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const wrong = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-wrong-'));
    try {
      clusterConfig(wrong, { namespace, s3, bucket, endpoint: 'http://127.0.0.1:1' });
      const spec = pipeline(
        'never',
        { never: { script: 'echo should not run' } },
        { tasks: { never: task('never') } },
      );
      const result = await skiffOnCluster(['run', specFile(dir, 'never', spec), '--json'], wrong);
      expect(result.code).not.toBe(0);
      const text = result.stdout + result.stderr;
      expect(text).toContain('127.0.0.1:1');
      expect(text).toContain(`file:${path.join(wrong, 'skiff.yaml')}`);
      expect(skiffPods(namespace)).toEqual([]);
    } finally {
      rmSync(wrong, { recursive: true, force: true });
    }
  });

  it('tells a container that exits 3 (USER) from one killed for memory (SYSTEM, OOMKilled)', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const exit3 = pipeline(
      'exit3',
      { fail: { script: 'echo failing; exit 3' } },
      { tasks: { fail: task('fail') } },
    );
    const oom = JSON.parse(
      pipeline(
        'oom',
        { hog: { command: ['python3', '-c', 'x = bytearray(512 * 1024 * 1024); print(len(x))'] } },
        { tasks: { hog: task('hog') } },
      ),
    );
    const executor = oom.deploymentSpec.executors['exec-hog'].container;
    executor.image = 'python:3.11';
    executor.resources = { resourceMemoryLimit: '64Mi' };
    const [a, b] = await Promise.all([
      skiffOnCluster(['run', specFile(dir, 'exit3', exit3), '--json'], dir),
      skiffOnCluster(['run', specFile(dir, 'oom', JSON.stringify(oom)), '--json'], dir),
    ]);
    const [failed] = await tasksOf(lastJson<RunJson>(a.stdout).run_id);
    expect(failed?.attempts[0]).toMatchObject({ exitCode: 3, failureKind: 'USER' });
    expect(failed?.attempts[0]?.message).toMatch(/^SKIFF_K8S_POD_FAILED: .*code 3/);
    const [hog] = await tasksOf(lastJson<RunJson>(b.stdout).run_id);
    expect(hog?.attempts[0]?.failureKind).toBe('SYSTEM');
    expect(hog?.attempts[0]?.message).toMatch(/^SKIFF_K8S_OOM_KILLED: .*OOMKilled/);
  });

  it('fails an attempt whose image cannot be pulled as SYSTEM with ImagePullBackOff, once the configured wait is over', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    // A registry address on this machine where nothing listens: the pull is refused locally.
    const spec = JSON.parse(
      pipeline('nopull', { nopull: { script: 'true' } }, { tasks: { nopull: task('nopull') } }),
    );
    spec.deploymentSpec.executors['exec-nopull'].container.image = '127.0.0.1:9/skiff-test/missing:1';
    const platform = {
      platforms: {
        kubernetes: { deploymentSpec: { executors: { 'exec-nopull': { imagePullPolicy: 'Always' } } } },
      },
    };
    const file = path.join(dir, 'nopull.yaml');
    writeFileSync(file, `${JSON.stringify(spec)}\n---\n${JSON.stringify(platform)}\n`);
    const started = Date.now();
    const result = await skiffOnCluster(['run', file, '--json'], dir);
    const elapsedMs = Date.now() - started;
    const [nopull] = await tasksOf(lastJson<RunJson>(result.stdout).run_id);
    expect(nopull?.attempts[0]?.failureKind).toBe('SYSTEM');
    expect(nopull?.attempts[0]?.message).toMatch(/^SKIFF_K8S_IMAGE_PULL: .*(ImagePullBackOff|ErrImagePull)/);
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it('makes a new attempt when the pod of the running one is deleted by someone else', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const spec = pipeline(
      'deleted',
      {
        slow: {
          script: `n=$(wget -qO- ${counter.url}/hit/deleted); echo "try $n"; if [ "$n" = 1 ]; then sleep 120; fi`,
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
    const running = skiffOnCluster(['run', specFile(dir, 'deleted', spec), '--json'], dir);
    await waitFor(() => counter.hits('deleted') === 1, 60_000);
    const [pod] = skiffPods(namespace, 'slow');
    kubectl('delete', '-n', namespace, pod!, '--wait=false');
    const run = lastJson<RunJson>((await running).stdout);
    expect(run.state).toBe('SUCCEEDED');
    const [slow] = await tasksOf(run.run_id);
    expect(slow?.attempts.map((a) => a.failureKind)).toEqual(['SYSTEM', null]);
    expect(slow?.attempts[0]?.message).toMatch(/^SKIFF_K8S_POD_DELETED/);
  }, 180_000);

  it('deletes the pods of a run that is canceled (Ctrl-C on skiff run)', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const spec = pipeline(
      'canceled',
      { sleeper: { script: `wget -qO- ${counter.url}/hit/canceled; sleep 300` } },
      { tasks: { sleeper: task('sleeper') } },
    );
    const child = spawn(
      process.execPath,
      [SKIFF_BIN, 'run', specFile(dir, 'canceled', spec), '--config', path.join(dir, 'skiff.yaml')],
      {
        env: {
          ...envWithout(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']),
          KUBECONFIG: testCluster().kubeconfig,
          SKIFF_HOME: path.join(dir, 'home'),
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => counter.hits('canceled') === 1, 60_000);
    expect(skiffPods(namespace, 'sleeper'), kubectl('get', 'pods', '-A', '-o', 'wide')).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    await waitFor(() => skiffPods(namespace, 'sleeper').length === 0, 30_000);
  });
});

describe.skipIf(clusterReason !== undefined)('a Kubernetes run whose skiff is killed -9', () => {
  let s3: S3TestServer;
  let cephReason: string | undefined;
  let namespace: string;
  let dir: string;
  let counter: Awaited<ReturnType<typeof startCounter>>;
  const bucket = 'k8s-adopt';

  beforeAll(async () => {
    const started = await startCephRgw();
    if (started.reason !== undefined) {
      cephReason = started.reason;
      return;
    }
    s3 = started.server;
    await createBuckets(s3, [bucket]);
    namespace = createNamespace('adopt');
    dir = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-adopt-'));
    clusterConfig(dir, { namespace, s3, bucket, extra: 'engine:\n  maxParallelTasks: 32' });
    counter = await startCounter();
  }, 240_000);

  afterAll(async () => {
    if (namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
    await counter?.close();
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('adopts its 20 running pods when resumed: no task runs twice, every outcome is recorded', async () => {
    if (cephReason) return void console.warn(`skipped: ${cephReason}`);
    const ITEM = 'pipelinechannel--loop-item-param-1';
    const spec = pipeline(
      'adopt',
      {
        work: {
          inputs: { item: 'NUMBER_INTEGER' },
          outputs: { Output: 'STRING' },
          script: `wget -qO- ${counter.url}/hit/adopt-$0 >/dev/null; sleep $((5 + $0 % 4)); printf "done %s" "$0" > "$1"`,
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
    const file = specFile(dir, 'adopt', spec);
    const child = spawn(
      process.execPath,
      [SKIFF_BIN, 'run', file, '--json', '--config', path.join(dir, 'skiff.yaml')],
      {
        env: {
          ...envWithout(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']),
          KUBECONFIG: testCluster().kubeconfig,
          SKIFF_HOME: path.join(dir, 'home'),
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const keys = Array.from({ length: 20 }, (_, i) => `adopt-${i}`);
    await waitFor(() => keys.every((key) => counter.hits(key) === 1), 120_000);
    child.kill('SIGKILL');
    await exited;
    expect(skiffPods(namespace)).toHaveLength(20);
    const listed = await skiffOnCluster(['runs', 'list', '--json'], dir);
    const runId = (JSON.parse(listed.stdout) as { id: string }[])[0]!.id;
    const resumed = await skiffOnCluster(['resume', runId, '--json'], dir);
    expect(lastJson<RunJson>(resumed.stdout).state).toBe('SUCCEEDED');
    for (const key of keys) expect(counter.hits(key), key).toBe(1);
    const got = await skiffOnCluster(['runs', 'get', runId, '--json'], dir);
    const works = (JSON.parse(got.stdout) as { tasks: TaskJson[] }).tasks.filter((t) => t.name === 'work');
    expect(works).toHaveLength(20);
    for (const work of works)
      expect(work.attempts.map((a) => [a.number, a.failureKind])).toEqual([[1, null]]);
    await waitFor(() => skiffPods(namespace).length === 0, 60_000);
  }, 300_000);
});

describe.skipIf(clusterReason !== undefined)(
  'storage given once, in a kfp-launcher ConfigMap, for the server and every pod',
  () => {
    let s3: S3TestServer;
    let cephReason: string | undefined;
    let namespace: string;
    let dir: string;
    let counter: Awaited<ReturnType<typeof startCounter>>;
    const bucket = 'k8s-launcher';

    beforeAll(async () => {
      const started = await startCephRgw();
      if (started.reason !== undefined) {
        cephReason = started.reason;
        return;
      }
      s3 = started.server;
      await createBuckets(s3, [bucket]);
      namespace = createNamespace('outage');
      dir = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-outage-'));
      // No storage in skiff.yaml: the pipeline root, endpoint and keys come only from the ConfigMap.
      writeFileSync(
        path.join(dir, 'skiff.yaml'),
        [
          `home: ${path.join(dir, 'home')}`,
          'storage:',
          '  retry: { maxAttempts: 2, budgetSeconds: 2 }',
          'executor:',
          '  kind: kubernetes',
          '  kubernetes:',
          `    namespace: ${namespace}`,
          `    image: ${TEST_SKIFF_IMAGE}`,
          '    hostNetwork: true',
          '    imagePullPolicy: Never',
          '    keepFailedPodsSeconds: 0',
        ].join('\n'),
      );
      writeFileSync(
        path.join(dir, 'kfp-launcher.yaml'),
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: { name: kfp-launcher, namespace: kubeflow }',
          'data:',
          `  defaultPipelineRoot: minio://${bucket}/launcher`,
          `  MINIO_ENDPOINT: ${s3.endpoint.replace(/^http:\/\//, '')}`,
          `  MINIO_ACCESS_KEY: ${s3.accessKeyId}`,
          `  MINIO_SECRET_KEY: ${s3.secretAccessKey}`,
          '  MINIO_SECURE: "false"',
        ].join('\n'),
      );
      // The first time the component says it is done, the store goes away for 8 s: its upload fails.
      counter = await startCounter((key, n) => {
        if (key === 'outage' && n === 1) void s3.restart(8_000);
      });
    }, 240_000);

    afterAll(async () => {
      if (namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
      await counter?.close();
      await s3?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 120_000);

    it('retries an attempt whose upload failed because the store was down, and the run succeeds on that store', async () => {
      if (cephReason) return void console.warn(`skipped: ${cephReason}`);
      const spec = pipeline(
        'outage',
        {
          produce: {
            outputArtifacts: { data: 'system.Dataset' },
            script: `head -c 200000 /dev/zero > "$0"; wget -qO- ${counter.url}/hit/outage; sleep 1`,
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
      const file = specFile(dir, 'outage', spec);
      const result = await skiffOnCluster(
        ['run', file, '--json', '--kfp-launcher', path.join(dir, 'kfp-launcher.yaml')],
        dir,
      );
      const run = lastJson<RunJson>(result.stdout);
      expect(run.state, result.stderr).toBe('SUCCEEDED');
      const got = await skiffOnCluster(['runs', 'get', run.run_id, '--json'], dir);
      const [produce] = (JSON.parse(got.stdout) as { tasks: TaskJson[] }).tasks;
      expect(produce?.attempts.map((a) => a.failureKind)).toEqual(['SYSTEM', null]);
      expect(produce?.attempts[0]?.message).toMatch(/^SKIFF_STORAGE/);
      const client = s3ClientFor(s3);
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'launcher/' }));
      client.destroy();
      expect((listed.Contents ?? []).some((o) => o.Key?.endsWith('/data') && o.Size === 200000)).toBe(true);
    }, 180_000);
  },
);

function specFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, text);
  return file;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function envWithout(names: readonly string[]): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
