// Skiff's Kubernetes executor against bare pods, side by side on one cluster in one run:
//   chain:  10 dependent trivial steps (`true`) through `skiff run --executor kubernetes`, against
//           the same 10 bare pods created and awaited one after another;
//   fanout: 200 independent trivial steps, against 200 bare pods created at once and awaited.
// Bare pods: image alpine (the cluster's stand-in), command `true`, hostNetwork, imagePullPolicy
// Never, awaited through a watch until Succeeded. Skiff's pods add its sidecar (Skiff's image).
// Also reports the CPU time and peak RSS of the `skiff run` process (engine + pod watch) in fanout.
// Needs a cluster (KUBECONFIG, e.g. ../shared/k8s-local) with the images of
// test/support/k8s-cluster.ts imported (importTestImages), and starts its own Ceph RGW.
// Usage: npm run build && KUBECONFIG=... node bench/k8s-pods.mjs [chain|fanout] [rounds=3]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { importTestSupport, machine, median, REPO, run, tempDir, writeSpec } from './lib.mjs';

const mode = process.argv[2] ?? 'chain';
const rounds = Number(process.argv[3] ?? 3);
const count = mode === 'chain' ? 10 : 200;
const kc = new KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(CoreV1Api);
const namespace = `skiff-bench-${process.pid}`;
await core.createNamespace({ body: { metadata: { name: namespace } } });
const { startCephRgw, createBuckets } = await importTestSupport('s3-servers');
const { TEST_SKIFF_IMAGE } = await importTestSupport('k8s-cluster');
const ceph = await startCephRgw();
if (ceph.reason) throw new Error(ceph.reason);
const s3 = ceph.server;
await createBuckets(s3, ['bench']);
const dir = tempDir('skiff-bench-k8s-');
// Interrupted: leave nothing behind (the namespace and its pods, the store).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    core
      .deleteNamespace({ name: namespace })
      .catch(() => {})
      .then(() => s3.stop())
      .finally(() => process.exit(130));
  });
}

// One watch of the namespace: resolves waiters when their pod succeeds.
const waiters = new Map();
const watch = await new Watch(kc).watch(
  `/api/v1/namespaces/${namespace}/pods`,
  { labelSelector: 'bench=bare' },
  (_type, pod) => {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
      waiters.get(pod.metadata.name)?.(pod);
  },
  () => {},
);

function barePod(name) {
  return {
    metadata: { name, labels: { bench: 'bare' } },
    spec: {
      restartPolicy: 'Never',
      hostNetwork: true,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      containers: [{ name: 'main', image: 'alpine', imagePullPolicy: 'Never', command: ['true'] }],
    },
  };
}

async function bare(name) {
  const done = new Promise((resolve) => waiters.set(name, resolve));
  await core.createNamespacedPod({ namespace, body: barePod(name) });
  const pod = await done;
  if (pod.status.phase !== 'Succeeded') throw new Error(`${name} ${pod.status.phase}`);
}

async function barePods(round) {
  const started = performance.now();
  if (mode === 'chain') for (let i = 0; i < count; i++) await bare(`bare-${round}-${i}`);
  else await Promise.all(Array.from({ length: count }, (_, i) => bare(`bare-${round}-${i}`)));
  const ms = performance.now() - started;
  await core.deleteCollectionNamespacedPod({ namespace, labelSelector: 'bench=bare' });
  return ms;
}

function spec(round) {
  const tasks = {};
  for (let i = 0; i < count; i++) {
    tasks[`t-${i}`] = {
      componentRef: { name: 'comp-step' },
      taskInfo: { name: `t-${i}` },
      ...(mode === 'chain' && i > 0 ? { dependentTasks: [`t-${i - 1}`] } : {}),
    };
  }
  return writeSpec(dir, `${mode}-${round}.json`, {
    pipelineInfo: { name: `k8s-${mode}` },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: { 'comp-step': { executorLabel: 'exec-step' } },
    deploymentSpec: { executors: { 'exec-step': { container: { image: 'alpine', command: ['true'] } } } },
    root: { dag: { tasks } },
  });
}

const config = join(dir, 'skiff.yaml');
writeFileSync(
  config,
  [
    `home: ${join(dir, 'home')}`,
    'pipelineRoot: s3://bench/root',
    'storage:',
    '  providers:',
    `    - { scheme: s3, endpoint: "${s3.endpoint}", forcePathStyle: true, credentials: { accessKeyId: ${s3.accessKeyId}, secretAccessKey: ${s3.secretAccessKey} } }`,
    `engine: { maxParallelTasks: ${count}, cache: false }`,
    'executor:',
    '  kind: kubernetes',
    `  kubernetes: { namespace: ${namespace}, image: "${TEST_SKIFF_IMAGE}", hostNetwork: true, imagePullPolicy: Never }`,
  ].join('\n'),
);

/** `skiff run` of round `round`; its wall time, and (fanout) its CPU seconds and peak RSS from /proc. */
async function skiffRun(round) {
  const env = { ...process.env };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete env[name];
  const started = performance.now();
  let peakRssKiB = 0;
  let cpuTicks = 0;
  const child = run(
    process.execPath,
    [join(REPO, 'bin', 'skiff.js'), 'run', spec(round), '--json', '--config', config],
    {
      KUBECONFIG: env.KUBECONFIG ?? '',
    },
  );
  const sampler = setInterval(() => {
    for (const pid of childPids()) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        peakRssKiB = Math.max(peakRssKiB, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        cpuTicks = Math.max(cpuTicks, Number(stat[11]) + Number(stat[12]));
      } catch {}
    }
  }, 100);
  const result = await child;
  clearInterval(sampler);
  const ms = performance.now() - started;
  const state = JSON.parse(result.stdout.trim().split('\n').at(-1)).state;
  if (state !== 'SUCCEEDED') throw new Error(`skiff run ${state}: ${result.stderr}`);
  return { ms, cpuSeconds: cpuTicks / 100, peakRssMiB: peakRssKiB / 1024 };
}

function childPids() {
  const out = [];
  for (const entry of readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/))
    if (entry) out.push(entry);
  return out;
}

const bareMs = [];
const skiffMs = [];
const usage = [];
for (let round = 0; round < rounds; round++) {
  bareMs.push(await barePods(round));
  const measured = await skiffRun(round);
  skiffMs.push(measured.ms);
  usage.push(measured);
  console.log(
    `round ${round + 1}: bare ${Math.round(bareMs.at(-1))} ms, skiff ${Math.round(measured.ms)} ms`,
  );
}
const bestBare = Math.min(...bareMs);
const medianSkiff = median(skiffMs);
console.log(`${await machine()}; ${mode}: ${count} steps, ${rounds} rounds alternating`);
console.log(
  `bare pods: best ${Math.round(bestBare)} ms (${Math.round(bestBare / count)} ms/pod), median ${Math.round(median(bareMs))} ms`,
);
console.log(
  `skiff:     best ${Math.round(Math.min(...skiffMs))} ms, median ${Math.round(medianSkiff)} ms (${Math.round(medianSkiff / count)} ms/step)`,
);
console.log(
  `ratio (median skiff / best bare): ${(medianSkiff / bestBare).toFixed(2)}x; best/best ${(Math.min(...skiffMs) / bestBare).toFixed(2)}x`,
);
if (mode === 'fanout') {
  const cpu = median(usage.map((u) => u.cpuSeconds));
  const rss = Math.max(...usage.map((u) => u.peakRssMiB));
  console.log(
    `skiff run process with ${count} pods watched: CPU ${cpu.toFixed(1)} s (median), peak RSS ${Math.round(rss)} MiB`,
  );
}
watch.abort();
await core.deleteNamespace({ name: namespace });
await s3.stop();
