import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kubeClient } from '../src/executors/kubernetes/kube-client.js';
import { lastJson, REPO } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { noClusterReason, testCluster } from './support/k8s-cluster.js';
import { type RunJson, useClusterFixture, waitFor } from './support/k8s-fixture.js';
import { clusterConfig, kubectl, skiffOnCluster, skiffPods } from './support/k8s-harness.js';
import { s3ClientFor } from './support/s3-servers.js';

// The Kubernetes executor on the real single-node cluster of ../shared/k8s-local (started by the
// suite's global setup): pods on the node's network reach the Ceph RGW on 127.0.0.1.
const clusterReason = noClusterReason();

describe.skipIf(clusterReason !== undefined)('runs on a real cluster, one pod per attempt', () => {
  const k8s = useClusterFixture('runs', 'k8s-runs');
  const bucket = 'k8s-runs';

  it('runs a shell task and a KFP Python task as pods, with artifacts and logs in the run storage', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const spec = path.join(REPO, 'test', 'fixtures', 'pipelines', 'shell-and-python.yaml');
    const result = await skiffOnCluster(['run', spec, '--json', '--no-cache'], k8s.dir);
    expect(result.stderr).toBe('');
    const run = lastJson<RunJson>(result.stdout);
    expect(run).toMatchObject({ state: 'SUCCEEDED', outputs: { Output: 'HELLO SKIFF!' } });
    const client = s3ClientFor(k8s.s3);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'root/' }));
    client.destroy();
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    expect(keys.some((k) => k?.endsWith('/out'))).toBe(true);
    expect(keys.some((k) => k?.includes('/logs/greet.attempt-1.log'))).toBe(true);
    // The log outlives the pod: the pods of succeeded attempts are gone.
    expect(skiffPods(k8s.namespace)).toEqual([]);
    const logs = await skiffOnCluster(['logs', run.run_id, 'greet'], k8s.dir);
    expect(logs.stdout).toContain('greeting skiff');
  });

  it('retries a flaky task in new pods until its third attempt succeeds, and records every attempt', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const spec = pipeline(
      'flaky',
      {
        flaky: {
          outputArtifacts: { data: 'system.Dataset' },
          script: `n=$(wget -qO- ${k8s.counter.url}/hit/flaky); echo "try $n"; [ "$n" -ge 3 ] || exit 1; echo "made on try $n" > "$0"`,
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
    const result = await skiffOnCluster(['run', k8s.specFile('flaky', spec), '--json'], k8s.dir);
    const run = lastJson<RunJson>(result.stdout);
    expect(run.state).toBe('SUCCEEDED');
    const [flaky] = await k8s.tasksOf(run.run_id);
    expect(flaky?.attempts.map((a) => [a.number, a.exitCode, a.failureKind])).toEqual([
      [1, 1, 'USER'],
      [2, 1, 'USER'],
      [3, 0, null],
    ]);
    expect(k8s.counter.hits('flaky')).toBe(3);
    const logs = await skiffOnCluster(['logs', run.run_id, 'flaky', '--attempt', '1'], k8s.dir);
    expect(logs.stdout).toContain('try 1');
  });

  it('fails a run whose storage endpoint is wrong before any pod starts, naming the endpoint and its source', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const wrong = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-wrong-'));
    try {
      clusterConfig(wrong, { namespace: k8s.namespace, s3: k8s.s3, bucket, endpoint: 'http://127.0.0.1:1' });
      const spec = pipeline(
        'never',
        { never: { script: 'echo should not run' } },
        { tasks: { never: task('never') } },
      );
      const result = await skiffOnCluster(['run', k8s.specFile('never', spec), '--json'], wrong);
      expect(result.code).not.toBe(0);
      const text = result.stdout + result.stderr;
      expect(text).toContain('127.0.0.1:1');
      expect(text).toContain(`file:${path.join(wrong, 'skiff.yaml')}`);
      expect(skiffPods(k8s.namespace)).toEqual([]);
    } finally {
      rmSync(wrong, { recursive: true, force: true });
    }
  });

  it('tells a container that exits 3 (USER) from one killed for memory (SYSTEM, OOMKilled)', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
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
      skiffOnCluster(['run', k8s.specFile('exit3', exit3), '--json'], k8s.dir),
      skiffOnCluster(['run', k8s.specFile('oom', JSON.stringify(oom)), '--json'], k8s.dir),
    ]);
    const [failed] = await k8s.tasksOf(lastJson<RunJson>(a.stdout).run_id);
    expect(failed?.attempts[0]).toMatchObject({ exitCode: 3, failureKind: 'USER' });
    expect(failed?.attempts[0]?.message).toMatch(/^SKIFF_K8S_POD_FAILED: .*code 3/);
    const [hog] = await k8s.tasksOf(lastJson<RunJson>(b.stdout).run_id);
    expect(hog?.attempts[0]?.failureKind).toBe('SYSTEM');
    expect(hog?.attempts[0]?.message).toMatch(/^SKIFF_K8S_OOM_KILLED: .*OOMKilled/);
  });

  it('fails an attempt whose image cannot be pulled as SYSTEM with ImagePullBackOff, once the configured wait is over', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
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
    const file = path.join(k8s.dir, 'nopull.yaml');
    writeFileSync(file, `${JSON.stringify(spec)}\n---\n${JSON.stringify(platform)}\n`);
    const started = Date.now();
    const result = await skiffOnCluster(['run', file, '--json'], k8s.dir);
    const elapsedMs = Date.now() - started;
    const [nopull] = await k8s.tasksOf(lastJson<RunJson>(result.stdout).run_id);
    expect(nopull?.attempts[0]?.failureKind).toBe('SYSTEM');
    expect(nopull?.attempts[0]?.message).toMatch(/^SKIFF_K8S_IMAGE_PULL: .*(ImagePullBackOff|ErrImagePull)/);
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it('fails an attempt whose Secret volume cannot be mounted as SYSTEM, quoting Kubernetes, and deletes its pod', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const spec = pipeline(
      'nomount',
      { nomount: { script: 'true' } },
      { tasks: { nomount: task('nomount') } },
    );
    const platform = {
      platforms: {
        kubernetes: {
          deploymentSpec: {
            executors: {
              'exec-nomount': { secretAsVolume: [{ secretName: 'no-such-secret', mountPath: '/mnt/s' }] },
            },
          },
        },
      },
    };
    const file = path.join(k8s.dir, 'nomount.yaml');
    writeFileSync(file, `${spec}\n---\n${JSON.stringify(platform)}\n`);
    const started = Date.now();
    const result = await skiffOnCluster(['run', file, '--json'], k8s.dir);
    const elapsedMs = Date.now() - started;
    const run = lastJson<RunJson>(result.stdout);
    expect(run.state).toBe('FAILED');
    const [nomount] = await k8s.tasksOf(run.run_id);
    expect(nomount?.attempts[0]?.failureKind).toBe('SYSTEM');
    expect(nomount?.attempts[0]?.message).toMatch(
      /^SKIFF_K8S_POD_START: .*its volumes could not be mounted for .*FailedMount: .*no-such-secret/,
    );
    // It never ran: deleted at once, so it cannot start later beside a retry.
    await waitFor(() => skiffPods(k8s.namespace, 'nomount').length === 0, 30_000);
    expect(elapsedMs).toBeLessThan(90_000);
  });

  it('passes two 100 KB parameters into pods: a plan over one environment string, a script over one argument', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    // Each value is its own argument (Linux takes 128 KiB per argument, as in KFP); together they
    // pass what one environment variable or one `sh -c` script can hold.
    const args = ["{{$.inputs.parameters['a']}}", "{{$.inputs.parameters['b']}}"];
    const inputs = { a: 'STRING', b: 'STRING' };
    const wired = { inputs: { parameters: { a: from.input('text'), b: from.input('text') } } };
    const spec = pipeline(
      'big-params',
      {
        // Has an output: runs with the sidecar, its plan split over several variables.
        measure: {
          inputs,
          outputs: { Output: 'NUMBER_INTEGER' },
          script: `printf %s "$0$1" | wc -c | tr -d ' ' > "$2"`,
          args: [...args, "{{$.outputs.parameters['Output'].output_file}}"],
        },
        // Nothing to stage or collect, but its resolved script is too long for \`sh -c\`: the sidecar writes it.
        echo: { inputs, script: `echo "length $((\${#0} + \${#1}))"`, args },
      },
      {
        inputs: { text: 'STRING' },
        tasks: { measure: task('measure', wired), echo: task('echo', wired) },
        outputs: {
          parameters: {
            Output: { valueFromParameter: { producerSubtask: 'measure', outputParameterKey: 'Output' } },
          },
        },
        outputTypes: { Output: 'NUMBER_INTEGER' },
      },
    );
    const params = path.join(k8s.dir, 'big-params-arguments.json');
    writeFileSync(params, JSON.stringify({ text: 'a'.repeat(100_000) }));
    const result = await skiffOnCluster(
      ['run', k8s.specFile('big-params', spec), '--json', '--params', params],
      k8s.dir,
    );
    expect(result.stdout, result.stderr).toContain('"run_id"');
    const run = lastJson<RunJson>(result.stdout);
    const tasks = JSON.stringify(
      (await k8s.tasksOf(run.run_id)).map((t) => [t.name, t.state, t.attempts.map((a) => a.message)]),
    );
    expect(run, tasks).toMatchObject({ state: 'SUCCEEDED', outputs: { Output: 200_000 } });
    const logs = await skiffOnCluster(['logs', run.run_id, 'echo'], k8s.dir);
    expect(logs.stdout).toContain('length 200000');
  });

  it('lets runs that start at once, with the same or other settings, share the one storage Secret', async () => {
    if (k8s.reason) return void console.warn(`skipped: ${k8s.reason}`);
    const kc = new KubeConfig();
    kc.loadFromFile(testCluster().kubeconfig);
    const api = kubeClient(kc);
    const secret = (key: string, value: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'skiff-storage-race', namespace: k8s.namespace },
      data: { [key]: Buffer.from(value).toString('base64') },
    });
    await Promise.all(
      ['a', 'a', 'a', 'a', 'a', 'a'].map((key) => api.applySecret(secret(key, `value ${key}`))),
    );
    // Before, each replaced the whole Secret: a run's pods could get another run's keys.
    await Promise.all(['b', 'c', 'b', 'c'].map((key) => api.applySecret(secret(key, `value ${key}`))));
    const data = JSON.parse(
      kubectl('get', 'secret', 'skiff-storage-race', '-n', k8s.namespace, '-o', 'jsonpath={.data}'),
    ) as Record<string, string>;
    expect(
      Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])),
    ).toEqual({
      a: 'value a',
      b: 'value b',
      c: 'value c',
    });
  });
});
