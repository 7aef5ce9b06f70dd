import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO } from './support/cli.js';
import { noClusterReason, TEST_SKIFF_IMAGE, testCluster } from './support/k8s-cluster.js';
import { createNamespace, kubectl } from './support/k8s-harness.js';
import { freshDatabase, type NoPostgres, startPostgres, type TestPostgres } from './support/postgres.js';
import { createBuckets, freePort, type S3TestServer, startCephRgw } from './support/s3-servers.js';

// `skiff server` as a pod in the cluster, as deploy/ runs it: in-cluster credentials of the
// skiff-server service account bound to deploy/base's Role (the least permissions Skiff needs), its
// namespace taken from the pod, PostgreSQL for metadata and an S3 store for artifacts; a run created
// through the KFP API runs its tasks as pods. The pods use the node's network (the store, PostgreSQL
// and the API server listen on 127.0.0.1 here: no kube-proxy, so the API is 127.0.0.1:6443).
const clusterReason = noClusterReason();

describe.skipIf(clusterReason !== undefined)('skiff server in the cluster', () => {
  let s3: S3TestServer | undefined;
  let pg: TestPostgres | NoPostgres | undefined;
  let reason: string | undefined;
  let namespace: string;
  let port: number;
  const bucket = 'k8s-server';

  beforeAll(async () => {
    const ceph = await startCephRgw();
    if (ceph.reason !== undefined) {
      reason = ceph.reason;
      return;
    }
    s3 = ceph.server;
    await createBuckets(s3, [bucket]);
    pg = await startPostgres();
    if ('reason' in pg) {
      reason = pg.reason;
      return;
    }
    const metadataUrl = await freshDatabase(pg, 'k8s_server');
    namespace = createNamespace('server');
    applyRbac(namespace);
    port = await freePort();
    const providers = JSON.stringify([
      {
        scheme: 's3',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      },
    ]);
    const env: Record<string, string> = {
      // No kube-proxy here: the API server is reached on the node's loopback, as hostNetwork pods can.
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: '6443',
      SKIFF_HOME: '/tmp/skiff-home',
      SKIFF_SERVER_PORT: String(port),
      SKIFF_METADATA_URL: metadataUrl,
      SKIFF_PIPELINE_ROOT: `s3://${bucket}/root`,
      SKIFF_STORAGE_PROVIDERS: providers,
      SKIFF_EXECUTOR_KIND: 'kubernetes',
      SKIFF_EXECUTOR_KUBERNETES_IMAGE: TEST_SKIFF_IMAGE,
      SKIFF_EXECUTOR_KUBERNETES_HOST_NETWORK: 'true',
      SKIFF_EXECUTOR_KUBERNETES_IMAGE_PULL_POLICY: 'Never',
      SKIFF_CLOUD_METADATA: 'off',
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'skiff-server', namespace, labels: { app: 'skiff-server' } },
      spec: {
        serviceAccountName: 'skiff-server',
        hostNetwork: true,
        restartPolicy: 'Never',
        containers: [
          {
            name: 'server',
            image: TEST_SKIFF_IMAGE,
            imagePullPolicy: 'Never',
            args: ['server'],
            env: Object.entries(env).map(([name, value]) => ({ name, value })),
          },
        ],
      },
    };
    kubectlInput(JSON.stringify(pod), 'apply', '-f', '-');
    await until(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true,
      90_000,
    );
  }, 300_000);

  afterAll(async () => {
    if (namespace) {
      const logs = (() => {
        try {
          return kubectl('logs', '-n', namespace, 'skiff-server');
        } catch {
          return '';
        }
      })();
      if (process.env.SKIFF_TEST_VERBOSE) console.log(logs);
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
    if (pg && !('reason' in pg)) await pg.stop();
    await s3?.stop();
  }, 120_000);

  it('runs a run created through the KFP API as pods in its own namespace, with least-privilege RBAC', async () => {
    if (reason) return void console.warn(`skipped: ${reason}`);
    const spec = parse(
      readFileSync(path.join(REPO, 'test', 'fixtures', 'pipelines', 'shell-and-python.yaml'), 'utf8'),
    );
    const created = await fetch(`http://127.0.0.1:${port}/apis/v2beta1/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: 'in-cluster', pipeline_spec: spec }),
    });
    expect(created.status).toBe(200);
    const { run_id: runId } = (await created.json()) as { run_id: string };
    let state = '';
    await until(async () => {
      const got = await fetch(`http://127.0.0.1:${port}/apis/v2beta1/runs/${runId}`);
      state = ((await got.json()) as { state: string }).state;
      return ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(state);
    }, 120_000);
    expect(state).toBe('SUCCEEDED');
    // The artifacts were written by the pods to the store the server was given.
    const artifacts = await fetch(`http://127.0.0.1:${port}/apis/skiff/v1/runs/${runId}/artifacts`);
    const listed = JSON.stringify(await artifacts.json());
    expect(listed).toContain(`s3://${bucket}/root/shell-and-python/${runId}/shout`);
    // The task pods were made in the server's own namespace (from its service account), then deleted.
    expect(kubectl('get', 'pods', '-n', namespace, '-o', 'name').trim()).toBe('pod/skiff-server');
  });
});

/** deploy/base's service accounts, Role and RoleBinding, put in `namespace`. */
function applyRbac(namespace: string): void {
  const rendered = execFileSync('kubectl', ['kustomize', path.join(REPO, 'deploy', 'base')], {
    encoding: 'utf8',
  });
  const kinds = new Set(['ServiceAccount', 'Role', 'RoleBinding']);
  const objects = parseAllDocuments(rendered)
    .map(
      (doc) =>
        doc.toJSON() as {
          kind: string;
          metadata: { namespace?: string };
          subjects?: { namespace?: string }[];
        },
    )
    .filter((o) => kinds.has(o.kind));
  for (const object of objects) {
    object.metadata.namespace = namespace;
    for (const subject of object.subjects ?? []) subject.namespace = namespace;
  }
  kubectlInput(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }), 'apply', '-f', '-');
}

function kubectlInput(input: string, ...args: string[]): void {
  execFileSync('kubectl', args, {
    input,
    env: { ...process.env, KUBECONFIG: testCluster().kubeconfig },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`not ready in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
