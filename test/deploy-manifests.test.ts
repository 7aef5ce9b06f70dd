// The Kubernetes manifests of deploy/: each overlay rendered by `kubectl kustomize`, checked for what
// matters to a cluster operator (least privilege, a hardened non-root server, probes that never kill
// a degraded server) and to Skiff (its skiff.yaml is accepted by Skiff's own config loader).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig, matchProvider } from '../src/config/index.js';
import { REPO, runCli, SKIFF_BIN, tempHome } from './support/cli.js';

const DEPLOY = join(REPO, 'deploy');
const OVERLAYS = ['quickstart', 'external'] as const;

// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects are checked field by field.
type K8sObject = Record<string, any>;

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const noKubectl = kubectl.error !== undefined || kubectl.status !== 0;
if (noKubectl)
  console.warn('deploy-manifests: kubectl is not on PATH; the manifests are not rendered or checked');

const scratch = mkdtempSync(join(tmpdir(), 'skiff-deploy-manifests-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `kubectl kustomize DIR`, parsed. */
function render(dir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((doc): doc is K8sObject => doc !== null);
}

function only(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
}

function serverContainer(objects: readonly K8sObject[]): K8sObject {
  const pod = only(objects, 'Deployment', 'skiff-server').spec.template.spec;
  return pod.containers.find((c: K8sObject) => c.name === 'server');
}

/** The ConfigMap the server's Deployment mounts at /etc/skiff (its name carries kustomize's hash). */
function serverConfigMap(objects: readonly K8sObject[]): K8sObject {
  const pod = only(objects, 'Deployment', 'skiff-server').spec.template.spec;
  const mount = serverContainer(objects).volumeMounts.find((m: K8sObject) => m.mountPath === '/etc/skiff');
  const volume = pod.volumes.find((v: K8sObject) => v.name === mount.name);
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name);
  expect(map?.metadata.name).toMatch(/^skiff-config(-[a-z0-9]+)?$/);
  return map!;
}

/** The server's environment with a stand-in for each value from a Secret or the downward API. */
function serverEnv(objects: readonly K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of serverContainer(objects).env as K8sObject[]) {
    if (entry.value !== undefined) env[entry.name] = entry.value;
    else if (entry.valueFrom?.fieldRef) env[entry.name] = 'skiff';
    else if (entry.name === 'SKIFF_METADATA_URL')
      env[entry.name] = 'postgres://skiff:secret@postgres:5432/skiff';
    else env[entry.name] = `stand-in-${entry.name.toLowerCase()}-0123456789`;
  }
  return env;
}

/** Each rule of a Role or ClusterRole as `group/resource[names]: verbs`, sorted. */
function grants(role: K8sObject): string[] {
  return role.rules
    .flatMap((rule: K8sObject) =>
      (rule.resources as string[]).flatMap((resource) =>
        (rule.apiGroups as string[]).map(
          (group) =>
            `${group}/${resource}${rule.resourceNames ? `[${rule.resourceNames.join(',')}]` : ''}: ${[...rule.verbs].sort().join(',')}`,
        ),
      ),
    )
    .sort();
}

describe.skipIf(noKubectl)('deploy/base', () => {
  it('holds no Secret and no credential of its own: the overlays provide them', () => {
    const objects = render(join(DEPLOY, 'base'));
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const text = readdirSync(join(DEPLOY, 'base'))
      .map((name) => readFileSync(join(DEPLOY, 'base', name), 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/change-me|password|secretAccessKey|accessKeyId|authToken:/i);
    expect(text).not.toMatch(/secretGenerator|stringData/);
  });
});

describe.skipIf(noKubectl).each(OVERLAYS)('deploy/overlays/%s', (overlay) => {
  const objects = noKubectl ? [] : render(join(DEPLOY, 'overlays', overlay));

  it('grants the server exactly the permissions it needs in its namespace', () => {
    const role = only(objects, 'Role', 'skiff-executor');
    expect(role.metadata.namespace).toBe('skiff');
    expect(grants(role)).toEqual([
      '/events: list,watch',
      '/persistentvolumeclaims: create,delete,get',
      '/pods/log: get',
      '/pods: create,delete,get,list,watch',
      '/secrets: create',
      '/secrets[skiff-storage]: delete,get,patch,update',
    ]);
    const binding = only(objects, 'RoleBinding', 'skiff-executor');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'skiff-executor',
    });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'skiff-server', namespace: 'skiff' }]);
    // Cluster-wide: at most reading namespaces (the optional namespace-reader component, for doctor).
    for (const clusterRole of objects.filter((o) => o.kind === 'ClusterRole')) {
      expect(grants(clusterRole)).toEqual(['/namespaces: get']);
    }
    for (const b of objects.filter((o) => o.kind === 'ClusterRoleBinding')) {
      expect(b.roleRef.name).toBe('skiff-namespace-reader');
    }
  });

  it('runs task pods under an account with no token and the server under its own', () => {
    expect(only(objects, 'ServiceAccount', 'skiff-task').automountServiceAccountToken).toBe(false);
    only(objects, 'ServiceAccount', 'skiff-server');
    const pod = only(objects, 'Deployment', 'skiff-server').spec.template.spec;
    expect(pod.serviceAccountName).toBe('skiff-server');
    expect(parse(serverConfigMap(objects).data['skiff.yaml']).executor.kubernetes.serviceAccount).toBe(
      'skiff-task',
    );
  });

  it('runs one non-root server with a read-only root file system, replaced (not rolled) on update', () => {
    const deployment = only(objects, 'Deployment', 'skiff-server');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    const container = serverContainer(objects);
    expect(container.args).toEqual(['server']);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
    // Everything it writes is on a volume.
    const mounts = container.volumeMounts.map((m: K8sObject) => m.mountPath).sort();
    expect(mounts).toEqual(['/etc/skiff', '/tmp', '/var/lib/skiff']);
  });

  it('probes /healthz on the http port: open without the token, 200 while degraded', () => {
    const container = serverContainer(objects);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8888 }]);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe]?.httpGet, probe).toEqual({ path: '/healthz', port: 'http' });
    }
    // The server stays up and says "degraded" when a dependency is down; only a hung server is restarted.
    expect(
      container.livenessProbe.timeoutSeconds * container.livenessProbe.failureThreshold,
    ).toBeGreaterThanOrEqual(30);
    const service = only(objects, 'Service', 'skiff-server');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8888, targetPort: 'http' }]);
    expect(service.spec.selector).toEqual(deployment(objects).spec.selector.matchLabels);
  });

  it('configures the server by environment: Kubernetes executor, its own namespace and image, secrets', () => {
    const container = serverContainer(objects);
    const env = Object.fromEntries(container.env.map((e: K8sObject) => [e.name, e]));
    expect(env.SKIFF_CONFIG.value).toBe('/etc/skiff/skiff.yaml');
    expect(env.SKIFF_HOME.value).toBe('/var/lib/skiff');
    expect(env.SKIFF_EXECUTOR_KIND.value).toBe('kubernetes');
    expect(env.SKIFF_EXECUTOR_KUBERNETES_NAMESPACE.valueFrom).toEqual({
      fieldRef: { fieldPath: 'metadata.namespace' },
    });
    expect(container.image).not.toBe('skiff:latest');
    expect(env.SKIFF_EXECUTOR_KUBERNETES_IMAGE.value).toBe(container.image);
    const secretOf = (name: string) => env[name].valueFrom.secretKeyRef;
    const secrets = overlay === 'quickstart' ? objects.filter((o) => o.kind === 'Secret') : [];
    for (const [variable, secret, key] of [
      ['SKIFF_METADATA_URL', 'skiff-metadata', 'url'],
      ['AWS_ACCESS_KEY_ID', 'skiff-storage-credentials', 'AWS_ACCESS_KEY_ID'],
      ['AWS_SECRET_ACCESS_KEY', 'skiff-storage-credentials', 'AWS_SECRET_ACCESS_KEY'],
      ['SKIFF_SERVER_AUTH_TOKEN', 'skiff-auth', 'token'],
    ] as const) {
      expect(secretOf(variable).key).toBe(key);
      expect(secretOf(variable).name).toMatch(new RegExp(`^${secret}(-[a-z0-9]+)?$`));
      if (overlay === 'quickstart') {
        const generated = secrets.find((s) => s.metadata.name === secretOf(variable).name);
        expect(generated?.data?.[key], `${secret}.${key}`).toBeTruthy();
      }
    }
  });

  it("writes a skiff.yaml that Skiff's config loader accepts, with storage for server and pods", async () => {
    const text: string = serverConfigMap(objects).data['skiff.yaml'];
    // needs executor.kubernetes settings: executor.kind and executor.kubernetes.* are not config keys
    // on this branch yet, so they are checked as text and left out of what the loader reads.
    expect(text).toMatch(/^executor:\n {2}kind: kubernetes$/m);
    const raw = parse(text);
    delete raw.executor.kind;
    delete raw.executor.kubernetes;
    if (Object.keys(raw.executor).length === 0) delete raw.executor;
    const file = join(scratch, `${overlay}-skiff.yaml`);
    writeFileSync(file, JSON.stringify(raw));

    const env: Record<string, string> = { ...serverEnv(objects), SKIFF_CONFIG: file };
    const loaded = await loadConfig({ env, cwd: scratch, homeDir: scratch });
    expect(loaded.config.server).toMatchObject({ host: '0.0.0.0', port: 8888 });
    expect(loaded.config.server.authToken).toBe(env.SKIFF_SERVER_AUTH_TOKEN);
    expect(loaded.config.home).toBe('/var/lib/skiff');
    expect(loaded.config.metadata.url).toMatch(/^postgres:\/\//);
    expect(loaded.storage.conflicts).toEqual([]);
    // The pipeline root is served by skiff.yaml's provider, with its endpoint and the Secret's keys:
    // not by the endpoint-less s3:// provider that AWS_ACCESS_KEY_ID adds from the environment.
    const match = matchProvider(loaded.config.pipelineRoot, loaded.storage.providers);
    expect(match?.provider.source).toBe(`file:${file}#storage.providers[0]`);
    expect(match?.provider.endpoint).toBe(raw.storage.providers[0].endpoint);
    expect(match?.provider.credentials).toMatchObject({
      kind: 'keys',
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    });

    // The same through the CLI, as an operator would check it.
    if (existsSync(join(REPO, 'dist', 'skiff.mjs'))) {
      const result = await runCli(['config', '--config', file], { home: tempHome(), env, timeoutMs: 30_000 });
      expect(result.stderr).not.toMatch(/SKIFF_CONFIG_|unknown key/);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(raw.storage.providers[0].endpoint);
    } else {
      console.warn(`deploy-manifests: ${SKIFF_BIN} needs dist/ (npm run build); skiff config not run`);
    }
  });

  if (overlay === 'quickstart') {
    it('keeps its change-me credentials consistent between the server, PostgreSQL and MinIO', () => {
      const decoded = (name: string): Record<string, string> => {
        const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith(`${name}-`));
        return Object.fromEntries(
          Object.entries(secret!.data as Record<string, string>).map(([k, v]) => [
            k,
            Buffer.from(v, 'base64').toString(),
          ]),
        );
      };
      const postgres = decoded('skiff-postgres');
      expect(decoded('skiff-metadata').url).toBe(
        `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@postgres:5432/${postgres.POSTGRES_DB}`,
      );
      expect(postgres.POSTGRES_PASSWORD).toMatch(/change-me/);
      expect(decoded('skiff-storage-credentials').AWS_SECRET_ACCESS_KEY).toMatch(/change-me/);
      expect(decoded('skiff-auth').token?.length).toBeGreaterThanOrEqual(16);
      only(objects, 'StatefulSet', 'postgres');
      only(objects, 'Deployment', 'minio');
      only(objects, 'Job', 'minio-create-bucket');
      const raw = parse(serverConfigMap(objects).data['skiff.yaml']);
      expect(raw.storage.providers[0].endpoint).toBe(
        `${only(objects, 'Service', 'minio').metadata.name}:9000`,
      );
    });
  }

  if (overlay === 'external') {
    it('ships no database, object store or secret; its secrets kustomization reads the *.env files', () => {
      expect(objects.filter((o) => ['Secret', 'StatefulSet', 'Job', 'ClusterRole'].includes(o.kind))).toEqual(
        [],
      );
      expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual([
        'skiff-server',
      ]);
      // With every *.env.example written as the *.env it documents, the Secrets render with the
      // names and keys the server reads.
      const dir = join(scratch, 'external-secrets');
      cpSync(join(DEPLOY, 'overlays', 'external', 'secrets'), dir, { recursive: true });
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.env.example'))) {
        cpSync(join(dir, name), join(dir, name.replace(/\.example$/, '')));
      }
      const secrets = render(dir);
      const keys = Object.fromEntries(
        secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, Object.keys(s.data ?? {}).sort()]),
      );
      expect(keys).toEqual({
        'skiff/skiff-auth': ['token'],
        'skiff/skiff-metadata': ['url'],
        'skiff/skiff-storage-credentials': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
      });
    });
  }
});

function deployment(objects: readonly K8sObject[]): K8sObject {
  return only(objects, 'Deployment', 'skiff-server');
}
