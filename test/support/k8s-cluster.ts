import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** ../shared/k8s-local: builds and starts a real single-node Kubernetes on this machine. */
export const K8S_LOCAL = path.resolve(REPO, '..', 'shared', 'k8s-local');
const K8S_CACHE = process.env.K8S_LOCAL_CACHE ?? '/var/cache/k8s-local';
/**
 * Skiff's image in the test cluster (built by deploy/image/build-offline.sh from this checkout);
 * TEST_K8S_IMAGE names another tag, so two checkouts can share one cluster.
 */
export const TEST_SKIFF_IMAGE = process.env.TEST_K8S_IMAGE ?? 'localhost/skiff:test';
const IMAGE_CACHE = '/var/cache/skiff-image/debs';

/** The variables the global setup sets for test files when a cluster is up. */
export const CLUSTER_ENV = {
  kubeconfig: 'TEST_K8S_KUBECONFIG',
  containerd: 'TEST_K8S_CONTAINERD',
  skip: 'TEST_K8S_SKIP',
} as const;

/** Why cluster tests skip here, or undefined when the suite's cluster is up (its kubeconfig is set). */
export function noClusterReason(): string | undefined {
  if (process.env[CLUSTER_ENV.kubeconfig]) return undefined;
  return (
    process.env[CLUSTER_ENV.skip] ??
    'no test cluster: the global setup did not start one (run the whole suite or a kubernetes test file)'
  );
}

/** The cluster tests' kubeconfig and containerd socket (call only when noClusterReason() is undefined). */
export function testCluster(): { kubeconfig: string; containerd: string } {
  return {
    kubeconfig: process.env[CLUSTER_ENV.kubeconfig]!,
    containerd: process.env[CLUSTER_ENV.containerd]!,
  };
}

/** True when the test run includes cluster tests: no file filter, or a filter naming kubernetes. */
export function clusterWanted(argv: readonly string[]): boolean {
  const runIndex = argv.findIndex(
    (arg) => arg === 'run' || arg.endsWith('vitest.mjs') || arg.endsWith('/vitest'),
  );
  const filters = argv.slice(runIndex + 1).filter((arg) => !arg.startsWith('-') && arg !== 'run');
  return filters.length === 0 || filters.some((filter) => filter.includes('kubernetes'));
}

function log(text: string): void {
  process.stderr.write(`test setup: ${text}\n`);
}

/**
 * Start the test cluster for the suite: build ../shared/k8s-local when it is missing (about 20
 * minutes the first time on a machine), start it in a short temporary directory, and import the
 * images the tests use. Returns the function that stops it, or undefined with the reason in
 * TEST_K8S_SKIP. A cluster given in TEST_K8S_KUBECONFIG (with TEST_K8S_CONTAINERD) is used as is.
 */
export function startSuiteCluster(): (() => void) | undefined {
  const skip = (reason: string) => {
    process.env[CLUSTER_ENV.skip] = reason;
    log(`Kubernetes tests will skip: ${reason}`);
    return undefined;
  };
  if (process.env[CLUSTER_ENV.kubeconfig]) {
    const containerd = process.env[CLUSTER_ENV.containerd];
    if (containerd === undefined)
      return skip(`${CLUSTER_ENV.kubeconfig} is set without ${CLUSTER_ENV.containerd}`);
    try {
      importTestImages(containerd);
    } catch (error) {
      return skip(`the test images could not be made: ${(error as Error).message}`);
    }
    return () => {};
  }
  if (!existsSync(K8S_LOCAL)) return skip(`${K8S_LOCAL} is absent`);
  if (process.getuid?.() !== 0) return skip('the local cluster needs root (containerd, runc, mounts)');
  if (!existsSync(path.join(K8S_CACHE, 'bin', 'kubelet'))) {
    log(
      `building the local Kubernetes with ${K8S_LOCAL}/build.sh (about 20 minutes the first time; log: ${K8S_CACHE}/build.log)`,
    );
    const built = spawnSync('bash', [path.join(K8S_LOCAL, 'build.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 45 * 60_000,
    });
    if (built.status !== 0) return skip(`${K8S_LOCAL}/build.sh failed (exit ${built.status})`);
  }
  // Unix socket paths must stay short: a directory right under /tmp.
  const state = mkdtempSync('/tmp/sk8s-');
  const started = spawnSync('bash', [path.join(K8S_LOCAL, 'start.sh'), state], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 180_000,
  });
  const stop = () => {
    spawnSync('bash', [path.join(K8S_LOCAL, 'stop.sh'), state], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 120_000,
    });
    rmSync(state, { recursive: true, force: true });
  };
  if (started.status !== 0) {
    stop();
    return skip(
      `${K8S_LOCAL}/start.sh failed (exit ${started.status}); is another cluster running on its fixed ports?`,
    );
  }
  const exports = Object.fromEntries(
    [...started.stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)].map((m) => [
      m[1]!,
      m[2]!.replace(/^"|"$/g, ''),
    ]),
  );
  if (!exports.KUBECONFIG || !exports.CONTAINERD_ADDRESS) {
    stop();
    return skip('start.sh printed no KUBECONFIG or CONTAINERD_ADDRESS');
  }
  try {
    importTestImages(exports.CONTAINERD_ADDRESS);
  } catch (error) {
    stop();
    return skip(`the test images could not be made: ${(error as Error).message}`);
  }
  process.env[CLUSTER_ENV.kubeconfig] = exports.KUBECONFIG;
  process.env[CLUSTER_ENV.containerd] = exports.CONTAINERD_ADDRESS;
  log(`Kubernetes test cluster up (${state})`);
  return stop;
}

/**
 * Import what the tests' pods run: Skiff's image built from this checkout, and stand-ins for the
 * images the KFP corpus names (there is no registry): the cluster's Debian Python image tagged as
 * python:3.7…3.12 and the other Python images, and a busybox-static image tagged alpine.
 */
export function importTestImages(containerd: string): void {
  const ctr = (...args: string[]) =>
    execFileSync('ctr', ['--address', containerd, '-n', 'k8s.io', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const work = mkdtempSync(path.join(os.tmpdir(), 'skiff-images-'));
  try {
    const skiff = path.join(work, 'skiff.tar');
    execFileSync('bash', [path.join(REPO, 'deploy', 'image', 'build-offline.sh'), skiff, TEST_SKIFF_IMAGE], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
    ctr('images', 'import', skiff);
    for (const tag of PYTHON_STAND_INS) ctr('images', 'tag', '--force', 'docker.io/library/python:3.11', tag);
    const alpine = path.join(work, 'alpine.tar');
    busyboxImage(path.join(work, 'busybox'), alpine);
    ctr('images', 'import', alpine);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Images the corpus names that run Python: the cluster's Python 3.11 stands in for each. */
export const PYTHON_STAND_INS = [
  ...['3.7', '3.8', '3.9', '3.10', '3.12'].map((v) => `docker.io/library/python:${v}`),
  'docker.io/library/python:alpine3.9',
  'registry.access.redhat.com/ubi9/python-311:latest',
  'public.ecr.aws/docker/library/python:3.12',
];
/** Images the corpus names that run only shell commands: busybox-static stands in for each. */
export const BUSYBOX_STAND_INS = ['docker.io/library/alpine:latest', 'docker.io/library/bash:latest'];

/** A one-layer image of Debian's busybox-static (sh and the usual tools), tagged as the alpine stand-ins. */
function busyboxImage(dir: string, out: string): void {
  mkdirSync(IMAGE_CACHE, { recursive: true });
  if (!readdirSync(IMAGE_CACHE).some((f) => f.startsWith('busybox-static_')))
    execFileSync('apt-get', ['download', 'busybox-static'], { cwd: IMAGE_CACHE, stdio: 'ignore' });
  const deb = readdirSync(IMAGE_CACHE).find((f) => f.startsWith('busybox-static_'))!;
  mkdirSync(dir, { recursive: true });
  const unpacked = path.join(dir, 'deb');
  const rootfs = path.join(dir, 'rootfs');
  execFileSync('dpkg-deb', ['-x', path.join(IMAGE_CACHE, deb), unpacked]);
  for (const sub of ['bin', 'tmp', 'usr/bin']) mkdirSync(path.join(rootfs, sub), { recursive: true });
  execFileSync('cp', [path.join(unpacked, 'bin', 'busybox'), path.join(rootfs, 'bin', 'busybox')]);
  const applets = execFileSync(path.join(rootfs, 'bin', 'busybox'), ['--list'], { encoding: 'utf8' }).split(
    '\n',
  );
  for (const applet of applets.filter(Boolean)) {
    if (!existsSync(path.join(rootfs, 'bin', applet)))
      symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  }
  execFileSync('chmod', ['1777', path.join(rootfs, 'tmp')]);
  execFileSync('bash', [
    path.join(K8S_LOCAL, 'mkimage.sh'),
    rootfs,
    out,
    '{"Cmd":["/bin/sh"]}',
    ...BUSYBOX_STAND_INS,
  ]);
}
