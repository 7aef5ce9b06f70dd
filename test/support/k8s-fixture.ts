import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SKIFF_BIN } from './cli.js';
import { testCluster } from './k8s-cluster.js';
import { clusterConfig, createNamespace, kubectl, skiffOnCluster, startCounter } from './k8s-harness.js';
import { createBuckets, type S3TestServer, startCephRgw } from './s3-servers.js';

/** A run as `skiff run --json` prints it. */
export interface RunJson {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
}
/** An attempt as `skiff runs get --json` prints it. */
export interface AttemptJson {
  number: number;
  exitCode: number | null;
  failureKind: string | null;
  message: string | null;
}
/** A task as `skiff runs get --json` prints it. */
export interface TaskJson {
  name: string;
  state: string;
  attempts: AttemptJson[];
}

/** What a describe block of cluster tests works with; filled in by its beforeAll. */
export interface ClusterFixture {
  s3: S3TestServer;
  namespace: string;
  /** Holds skiff.yaml, the home and the specs. */
  dir: string;
  counter: Awaited<ReturnType<typeof startCounter>>;
  /** Why the cases skip (Ceph could not start), or undefined. */
  reason: string | undefined;
  /** Write `text` as `<dir>/<name>.json`; returns its path. */
  specFile(name: string, text: string): string;
  /** The tasks of a run, with their attempts. */
  tasksOf(runId: string): Promise<TaskJson[]>;
  /** `skiff run FILE --json --config` as a child process this test controls (kill, signals). */
  spawnRun(file: string): { exited: Promise<number | null>; kill(signal: NodeJS.Signals): void };
}

/**
 * Register a describe block's setup on the suite's cluster: a Ceph RGW with `bucket`, a namespace
 * `skiff-<prefix>-*`, a skiff.yaml for runs there (see clusterConfig; `write` may write another), and
 * a hit counter on 127.0.0.1; all removed after the block.
 */
export function useClusterFixture(
  prefix: string,
  bucket: string,
  options: {
    extra?: string;
    onHit?: (fixture: ClusterFixture, key: string, n: number) => void;
    write?: (fixture: ClusterFixture) => void;
  } = {},
): ClusterFixture {
  const fixture = {
    reason: undefined,
    specFile(name: string, text: string) {
      const file = path.join(fixture.dir, `${name}.json`);
      writeFileSync(file, text);
      return file;
    },
    async tasksOf(runId: string) {
      const got = await skiffOnCluster(['runs', 'get', runId, '--json'], fixture.dir);
      return (JSON.parse(got.stdout) as { tasks: TaskJson[] }).tasks;
    },
    spawnRun(file: string) {
      const env: Record<string, string | undefined> = {
        ...process.env,
        KUBECONFIG: testCluster().kubeconfig,
        SKIFF_HOME: path.join(fixture.dir, 'home'),
      };
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete env[name];
      const child = spawn(
        process.execPath,
        [SKIFF_BIN, 'run', file, '--json', '--config', path.join(fixture.dir, 'skiff.yaml')],
        { env, stdio: 'ignore' },
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { exited, kill: (signal: NodeJS.Signals) => void child.kill(signal) };
    },
  } as unknown as ClusterFixture;

  beforeAll(async () => {
    const started = await startCephRgw();
    if (started.reason !== undefined) {
      fixture.reason = started.reason;
      return;
    }
    fixture.s3 = started.server;
    await createBuckets(fixture.s3, [bucket]);
    fixture.namespace = createNamespace(prefix);
    fixture.dir = mkdtempSync(path.join(os.tmpdir(), `skiff-k8s-${prefix}-`));
    if (options.write) options.write(fixture);
    else
      clusterConfig(fixture.dir, {
        namespace: fixture.namespace,
        s3: fixture.s3,
        bucket,
        extra: options.extra ?? '',
      });
    fixture.counter = await startCounter((key, n) => options.onHit?.(fixture, key, n));
  }, 240_000);

  afterAll(async () => {
    if (fixture.namespace) kubectl('delete', 'namespace', fixture.namespace, '--wait=false');
    await fixture.counter?.close();
    await fixture.s3?.stop();
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  }, 120_000);

  return fixture;
}

/** Wait until `condition` holds, polling every 200 ms. */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
