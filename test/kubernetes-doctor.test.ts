import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { noClusterReason, TEST_SKIFF_IMAGE, testCluster } from './support/k8s-cluster.js';
import { createBuckets, freePort, type S3TestServer, startCephRgw } from './support/s3-servers.js';

// `skiff doctor` with executor.kind kubernetes, on the suite's real cluster (test/support/k8s-cluster.ts) and a real
// Ceph RGW: cluster, namespace, permissions (SelfSubjectAccessReviews), and a probe pod in Skiff's
// image that reaches the store from inside the cluster. Pods use the node's network (the store listens
// on 127.0.0.1) and imagePullPolicy Never (no registry): the global setup imports Skiff's image built from this checkout.

interface Check {
  name: string;
  target: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  fix?: string;
  code?: string;
}
interface Report {
  ok: boolean;
  checks: Check[];
}

const clusterReason = noClusterReason();
const KUBECONFIG = clusterReason === undefined ? testCluster().kubeconfig : undefined;
const IMAGE = TEST_SKIFF_IMAGE;
const CLUSTER_CHECKS = [
  'kubernetes cluster',
  'kubernetes namespace',
  'kubernetes permissions',
  'kubernetes helper image',
  'kubernetes storage from pod',
];

const suffix = () => randomBytes(4).toString('hex');

if (KUBECONFIG === undefined) {
  describe.skip(`skiff doctor on a Kubernetes cluster (skipped: ${clusterReason})`, () => {
    it('needs a cluster', () => {});
  });
} else {
  const ceph = await startCephRgw();
  if (ceph.server === undefined) {
    describe.skip(`skiff doctor on a Kubernetes cluster (skipped: ${ceph.reason})`, () => {
      it('needs a Ceph RGW', () => {});
    });
  } else {
    clusterDoctorSuite(KUBECONFIG, ceph.server);
  }
}

function clusterDoctorSuite(kubeconfig: string, s3: S3TestServer): void {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const namespace = `skiff-doctor-${suffix()}`;
  const bucket = `doctor-${suffix()}`;
  const home = tempHome('skiff-k8s-doctor-');

  afterAll(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await s3.stop();
  }, 180_000);

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await createBuckets(s3, [bucket]);
  });

  /** A skiff.yaml for the cluster; `endpoint`, `image` and `namespace` vary per case. */
  function config(name: string, over: { endpoint?: string; image?: string; namespace?: string } = {}) {
    const file = join(home, `${name}.yaml`);
    const endpoint = over.endpoint ?? s3.endpoint.replace(/^https?:\/\//, '');
    writeFileSync(
      file,
      [
        `home: ${join(home, name)}`,
        `pipelineRoot: minio://${bucket}/root`,
        'storage:',
        '  providers:',
        `    - { scheme: minio, bucket: ${bucket}, endpoint: "${endpoint}", secure: false, region: ${s3.region}, forcePathStyle: true,`,
        `        credentials: { accessKeyId: ${s3.accessKeyId}, secretAccessKey: ${s3.secretAccessKey} } }`,
        'executor:',
        '  kind: kubernetes',
        '  kubernetes:',
        `    namespace: ${over.namespace ?? namespace}`,
        `    image: ${over.image ?? IMAGE}`,
        '    imagePullPolicy: Never',
        '    hostNetwork: true',
        '',
      ].join('\n'),
    );
    return file;
  }

  async function doctor(file: string, kubeconfigFile = kubeconfig) {
    const result = await runCli(['doctor', '--json', '--config', file], {
      home,
      env: { KUBECONFIG: kubeconfigFile },
      unset: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'],
      timeoutMs: 150_000,
    });
    let report: Report;
    try {
      report = lastJson<Report>(result.stdout);
    } catch {
      throw new Error(`skiff doctor printed no report (exit ${result.code}): ${result.stderr}`);
    }
    const cluster = report.checks.filter((check) => check.name.startsWith('kubernetes '));
    const byName = (name: string) => cluster.filter((check) => check.name === name);
    const one = (name: string) => {
      const found = byName(name);
      expect(found, `${name} in ${JSON.stringify(cluster, null, 1)}`).toHaveLength(1);
      return found[0]!;
    };
    return { code: result.code, report, cluster, byName, one };
  }

  async function probePodsLeft(): Promise<string[]> {
    // Deleted with grace period 0: gone within moments.
    for (let i = 0; i < 40; i++) {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: 'skiff.dev/probe=doctor' });
      if (pods.items.length === 0) return [];
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'skiff.dev/probe=doctor' });
    return pods.items.map((pod) => pod.metadata?.name ?? '?');
  }

  describe('skiff doctor on a Kubernetes cluster', () => {
    it('passes every cluster check with a good setup, and deletes its probe pod', async () => {
      const run = await doctor(config('good'));
      expect(run.cluster.map((check) => check.name)).toEqual(CLUSTER_CHECKS);
      for (const check of run.cluster) expect(check, JSON.stringify(check)).toMatchObject({ status: 'ok' });
      expect(run.one('kubernetes cluster').detail).toMatch(/Kubernetes v1\.\d+/);
      expect(run.one('kubernetes cluster').target).toBe(kc.getCurrentCluster()?.server);
      expect(run.one('kubernetes permissions').detail).toContain('pods/log get');
      expect(run.one('kubernetes helper image').detail).toContain('started in probe pod');
      expect(run.one('kubernetes storage from pod').detail).toMatch(
        /reachable and writable .*put, get, delete/,
      );
      expect(run.report.ok).toBe(true);
      expect(run.code).toBe(0);
      expect(await probePodsLeft()).toEqual([]);
    }, 180_000);

    it('fails the probe pod check on a closed storage port, naming the endpoint and where it was set', async () => {
      const port = await freePort();
      const file = config('closed-port', { endpoint: `127.0.0.1:${port}` });
      const run = await doctor(file);
      expect(run.one('kubernetes helper image').status).toBe('ok');
      const storage = run.one('kubernetes storage from pod');
      expect(storage).toMatchObject({ status: 'fail', code: 'SKIFF_STORAGE_UNREACHABLE' });
      expect(storage.detail).toContain('step "tcp" failed');
      expect(storage.detail).toContain(`127.0.0.1:${port}`);
      expect(storage.detail).toContain(`file:${file}#storage.providers[0].endpoint`);
      expect(run.report.ok).toBe(false);
      expect(run.code).toBe(1);
      expect(await probePodsLeft()).toEqual([]);
    }, 180_000);

    it('fails the permission check naming pods/log for a service account whose Role lacks it', async () => {
      const account = 'doctor-no-logs';
      await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: account } } });
      await rbac.createNamespacedRole({
        namespace,
        body: {
          metadata: { name: account },
          rules: [
            { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
            { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
            {
              apiGroups: [''],
              resources: ['secrets'],
              resourceNames: ['skiff-storage'],
              verbs: ['get', 'update', 'patch', 'delete'],
            },
            { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'get', 'delete'] },
            { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
          ],
        },
      });
      await rbac.createNamespacedRoleBinding({
        namespace,
        body: {
          metadata: { name: account },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account },
          subjects: [{ kind: 'ServiceAccount', name: account, namespace }],
        },
      });
      const token = await serviceAccountToken(core, namespace, account);
      const accountConfig = join(home, 'no-logs.kubeconfig');
      writeFileSync(accountConfig, tokenKubeconfig(kc, token, namespace));

      const run = await doctor(config('no-logs'), accountConfig);
      expect(run.one('kubernetes cluster').status).toBe('ok');
      // A service account may not read namespaces (cluster-scoped): said, not failed.
      expect(run.one('kubernetes namespace')).toMatchObject({ status: 'warn' });
      expect(run.one('kubernetes namespace').detail).toContain('could not be checked');
      const denied = run.byName('kubernetes permissions').filter((check) => check.status === 'fail');
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ code: 'SKIFF_K8S_PERMISSION' });
      expect(denied[0]!.detail).toContain('get pods/log');
      expect(denied[0]!.fix).toContain('resources: ["pods/log"]');
      expect(denied[0]!.fix).toContain('verbs: ["get"]');
      expect(denied[0]!.fix).toContain('deploy/base/role.yaml');
      // The probe pod needs none of what is missing: it still runs.
      expect(run.one('kubernetes helper image').status).toBe('ok');
      expect(run.one('kubernetes storage from pod').status).toBe('ok');
      expect(run.code).toBe(1);
      expect(await probePodsLeft()).toEqual([]);
    }, 180_000);

    it('fails the image check with ErrImageNeverPull for an image the node does not have', async () => {
      const image = `localhost/skiff-doctor-absent:${suffix()}`;
      const run = await doctor(config('no-image', { image }));
      const check = run.one('kubernetes helper image');
      expect(check).toMatchObject({ status: 'fail', code: 'SKIFF_K8S_IMAGE_PULL' });
      expect(check.detail).toContain('ErrImageNeverPull');
      expect(check.detail).toContain(image);
      expect(run.one('kubernetes storage from pod').status).toBe('skip');
      expect(run.code).toBe(1);
      expect(await probePodsLeft()).toEqual([]);
    }, 180_000);

    it('fails the namespace check for a namespace that does not exist, and makes no probe pod', async () => {
      const missing = `skiff-doctor-missing-${suffix()}`;
      const run = await doctor(config('no-namespace', { namespace: missing }));
      const check = run.one('kubernetes namespace');
      expect(check).toMatchObject({ status: 'fail', code: 'SKIFF_K8S_NAMESPACE' });
      expect(check.detail).toContain(missing);
      expect(check.fix).toContain(`kubectl create namespace ${missing}`);
      for (const name of ['kubernetes helper image', 'kubernetes storage from pod']) {
        expect(run.one(name).status).toBe('skip');
        expect(run.one(name).detail).toContain('does not exist');
      }
      expect(run.code).toBe(1);
    }, 180_000);
  });
}

/** The token of a service account from its auto-created Secret (Kubernetes before 1.24), once the token controller filled it. */
async function serviceAccountToken(core: CoreV1Api, namespace: string, name: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const account = await core.readNamespacedServiceAccount({ namespace, name });
    const secretName = account.secrets?.[0]?.name;
    if (secretName !== undefined) {
      const secret = await core.readNamespacedSecret({ namespace, name: secretName });
      const token = secret.data?.token;
      if (token) return Buffer.from(token, 'base64').toString('utf8');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`service account ${namespace}/${name} got no token Secret within 20 s`);
}

/** A kubeconfig for the same cluster as `kc` that authenticates with `token`. */
function tokenKubeconfig(kc: KubeConfig, token: string, namespace: string): string {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error('the test kubeconfig names no current cluster');
  const made = new KubeConfig();
  made.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'doctor-no-logs', token }],
    contexts: [{ name: 'doctor-no-logs', cluster: cluster.name, user: 'doctor-no-logs', namespace }],
    currentContext: 'doctor-no-logs',
  });
  return made.exportConfig();
}
