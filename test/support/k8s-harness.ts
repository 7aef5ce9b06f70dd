import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type CliResult, runCli } from './cli.js';
import { TEST_SKIFF_IMAGE, testCluster } from './k8s-cluster.js';
import type { S3TestServer } from './s3-servers.js';

/** kubectl against the test cluster; returns stdout. */
export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: testCluster().kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A namespace of its own for a test file: `skiff-<prefix>-<random>`. */
export function createNamespace(prefix: string): string {
  const name = `skiff-${prefix}-${randomBytes(3).toString('hex')}`;
  kubectl('create', 'namespace', name);
  return name;
}

/** The names of Skiff's pods in `namespace` (of task `task`, when given). */
export function skiffPods(namespace: string, task?: string): string[] {
  const selector = `app.kubernetes.io/managed-by=skiff${task === undefined ? '' : `,skiff.dev/task=${task}`}`;
  return kubectl('get', 'pods', '-n', namespace, '-l', selector, '-o', 'name').split('\n').filter(Boolean);
}

/** Write a skiff.yaml for runs on the test cluster with `bucket` on `s3` as the pipeline root. */
export function clusterConfig(
  dir: string,
  options: {
    namespace: string;
    s3: S3TestServer;
    bucket: string;
    endpoint?: string;
    /** Task pods on the node's network (default true, so they reach the store on 127.0.0.1). */
    hostNetwork?: boolean;
    extra?: string;
  },
): string {
  const file = path.join(dir, 'skiff.yaml');
  writeFileSync(
    file,
    [
      `home: ${path.join(dir, 'home')}`,
      `pipelineRoot: s3://${options.bucket}/root`,
      'storage:',
      '  providers:',
      '    - scheme: s3',
      `      endpoint: ${options.endpoint ?? options.s3.endpoint}`,
      '      forcePathStyle: true',
      `      credentials: { accessKeyId: ${options.s3.accessKeyId}, secretAccessKey: ${options.s3.secretAccessKey} }`,
      'executor:',
      '  kind: kubernetes',
      '  kubernetes:',
      `    namespace: ${options.namespace}`,
      `    image: ${TEST_SKIFF_IMAGE}`,
      `    hostNetwork: ${options.hostNetwork ?? true}`,
      '    imagePullPolicy: Never',
      '    imagePullWaitSeconds: 8',
      '    keepFailedPodsSeconds: 0',
      options.extra ?? '',
    ].join('\n'),
  );
  return file;
}

/** `skiff ARGS --config CONFIG` against the test cluster (KUBECONFIG set, no AWS_* of this process). */
export function skiffOnCluster(
  args: readonly string[],
  dir: string,
  timeoutMs = 240_000,
): Promise<CliResult> {
  return runCli([...args, '--config', path.join(dir, 'skiff.yaml')], {
    home: path.join(dir, 'home'),
    env: { KUBECONFIG: testCluster().kubeconfig },
    unset: [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'MINIO_ENDPOINT',
    ],
    timeoutMs,
  });
}

/**
 * A counter on 127.0.0.1 that hostNetwork pods call (`wget -qO- URL/hit/KEY`): each call answers
 * how many times KEY was hit, so a component can fail on its first attempts and pass later.
 */
export async function startCounter(onHit?: (key: string, n: number) => void): Promise<{
  url: string;
  hits(key: string): number;
  close(): Promise<void>;
}> {
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const key = req.url ?? '/';
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    res.end(String(n));
    onHit?.(key.replace(/^\/hit\//, ''), n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (key) => counts.get(`/hit/${key}`) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
