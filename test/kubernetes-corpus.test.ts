import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CORPUS, lastJson } from './support/cli.js';
import { type Expectation, expectationsPresent, readExpectations } from './support/corpus-expectations.js';
import { RANDOM_OUTPUTS } from './support/corpus-needs.js';
import { BUSYBOX_STAND_INS, noClusterReason, PYTHON_STAND_INS, testCluster } from './support/k8s-cluster.js';
import { clusterConfig, createNamespace, kubectl, skiffOnCluster } from './support/k8s-harness.js';
import { type PodNetworkProxy, startPodNetworkProxy } from './support/k8s-pod-network.js';
import { createBuckets, type S3TestServer, startCephRgw } from './support/s3-servers.js';

// KFP's public corpus on the real single-node Kubernetes of ../shared/k8s-local. Pods are NOT on the
// node's network: they sit on the k8slocal0 bridge, which has no route off this machine, and reach the
// Ceph RGW (127.0.0.1) only through a proxy on the bridge's host address (test/support/k8s-pod-network.ts).
// The `skiff run` processes use the same endpoint: one storage configuration for server and pods.

interface RunJson {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
  tasks: Array<{ name: string; state: string; attempts: number; error?: string }>;
}

/** What this file does with a corpus pipeline on the cluster. */
type ClusterDecision =
  | {
      /** Run it and expect this end state, with the expectation's outputs and task states. */
      readonly expect: 'SUCCEEDED' | 'FAILED';
      readonly why: string;
      /** Arguments that replace the expectation's for the cluster. */
      readonly arguments?: Record<string, unknown>;
    }
  | { readonly skip: string };

/** The PVC that pvc_mount.yaml mounts (it names an existing claim through its pvc_name argument). */
const EXISTING_PVC = 'skiff-corpus-pvc';

/** Secrets the corpus names, with the values its components assert. */
const SECRETS: Readonly<Record<string, Record<string, string>>> = {
  'test-secret-1': { username: 'user1', password: 'psw1' },
  'test-secret-2': { password: 'psw1' },
  'test-secret-3': { password: 'psw2' },
};

/**
 * Every corpus file that does not simply run as it does locally: NOT_LOCAL files that only lacked
 * Kubernetes objects (which the cluster has, made in beforeAll), and the files a pod here cannot run.
 * Every other file whose expectation is SUCCEEDED runs and must end SUCCEEDED with the same outputs.
 */
const DECISIONS: Readonly<Record<string, ClusterDecision>> = {
  // Kubernetes objects: the test's namespace has the Secrets and PersistentVolumes these name.
  'valid/critical/pipeline_with_secret_as_env.yaml': {
    expect: 'SUCCEEDED',
    why: 'Secrets test-secret-1/2/3 as env (a name from a root input, a constant and a task output); the component asserts their values',
  },
  'valid/parallel_and_nested/parallel_for_secret.yaml': {
    expect: 'SUCCEEDED',
    why: 'Secret test-secret-1 as env in every ParallelFor iteration',
  },
  'valid/parallel_and_nested/nested_parallel_for_secret.yaml': {
    expect: 'SUCCEEDED',
    why: 'Secret as env whose name is an upstream task output, inside ParallelFor',
  },
  'valid/pipeline_with_secret_as_volume.yaml': {
    expect: 'SUCCEEDED',
    why: 'Secret test-secret-1 mounted as a volume; the component reads /mnt/my_vol/username',
  },
  'valid/critical/pipeline_with_volume_long_name.yaml': {
    expect: 'SUCCEEDED',
    why: 'CreatePVC (storage class standard, 1Gi, ReadWriteOnce), bound to a hostPath PersistentVolume',
  },
  'valid/pipeline_with_volume.yaml': {
    expect: 'SUCCEEDED',
    why: 'CreatePVC (standard, 5Mi), producer and consumer share /data on it, DeletePVC',
  },
  'valid/parallel_and_nested/parallel_for_mount_pvc.yaml': {
    expect: 'SUCCEEDED',
    why: 'CreatePVC (standard, 5Mi) mounted at /data in every ParallelFor iteration',
  },
  'valid/critical/pipeline_with_workspace.yaml': {
    expect: 'SUCCEEDED',
    why: "the run's workspace (pipelineConfig.workspace: 1Gi, standard, ReadWriteOnce) is one PVC, bound to a hostPath PersistentVolume: the reader reads what the writer wrote",
  },
  'valid/critical/pipeline_with_importer_workspace.yaml': {
    expect: 'SUCCEEDED',
    why: "the run's workspace is one PVC (1Gi, standard, ReadWriteOnce): the importer's download and the tasks' files are shared by their pods",
  },
  'valid/pvc_mount.yaml': {
    expect: 'SUCCEEDED',
    why: `mounts an existing PVC named by the pvc_name argument (${EXISTING_PVC}, made by the test)`,
    arguments: { pvc_name: EXISTING_PVC },
  },
  // What a pod here cannot have.
  'valid/long-running.yaml': {
    skip: 'two `sleep 300` steps (10 minutes), longer than this file may take; the local suite runs it',
  },
  'valid/gpu-scheduling/nvidia_gpu_scheduling_check.yaml': {
    skip: 'asks for nvidia.com/gpu: 1; the node has no GPU, so the pod could never be scheduled',
  },
  'valid/local_execution/local_execution_pipeline_with_k8s_only_methods.yaml': {
    skip: 'asks for nvidia.com/gpu: 1; the node has no GPU, so the pod could never be scheduled',
  },
  'valid/pipeline_with_string_machine_fields_pipeline_input.yaml': {
    skip: 'asks for 4 CPUs, 15G and the Vertex AI accelerator NVIDIA_TESLA_P4 (no Kubernetes resource name); the node has 2 CPUs and no GPU',
  },
  'valid/pipeline_with_string_machine_fields_task_output.yaml': {
    skip: 'asks for 4 CPUs, 15G and the Vertex AI accelerator NVIDIA_TESLA_P4 (no Kubernetes resource name); the node has 2 CPUs and no GPU',
  },
  'valid/components_with_optional_artifacts.yaml': {
    skip: 'imports gs://ml-pipeline-playground/shakespeare1.txt (Google Cloud Storage, network)',
  },
  'valid/pipeline_with_importer.yaml': {
    skip: 'imports gs://ml-pipeline-playground/shakespeare1.txt and 2 (Google Cloud Storage, network)',
  },
  'valid/pythonic_artifact_with_single_return.yaml': {
    skip: 'pip-installs dill and imports gs://ml-pipeline-playground/shakespeare1.txt (network)',
  },
  'valid/container_io.yaml': { skip: "runs 'my_program', which no real image has" },
  'valid/container_with_concat_placeholder.yaml': { skip: "runs 'my_program', which no real image has" },
  'valid/container_with_if_placeholder.yaml': { skip: "runs 'my_program', which no real image has" },
  'valid/container_with_artifact_output.yaml': {
    skip: 'runs run.sh from the hypothetical image gcr.io/my-image',
  },
  'valid/containerized_python_component.yaml': {
    skip: "the component's module is baked into the custom image kfp-image, which does not exist here",
  },
  'valid/pipeline_with_various_io_types.yaml': {
    skip: 'custom image gcr.io/image (entrypoint only) and a required root input artifact',
  },
  'valid/critical/modelcar.yaml': {
    skip: 'imports oci://registry.domain.local/modelcar:test (an OCI registry pull, network)',
  },
  'valid/critical/parameters_simple.yaml': {
    skip: 'runs jq from the image jetbrainsinfra/jq, not imported here',
  },
  'valid/critical/notebook_component_simple.yaml': {
    skip: 'pip-installs nbclient, ipykernel, jupyter_client (no package index reachable from a pod)',
  },
  'valid/notebook_component_mixed.yaml': {
    skip: 'pip-installs nbclient, ipykernel, jupyter_client (no package index reachable from a pod)',
  },
  'valid/metrics_visualization_v2.yaml': {
    skip: 'pip-installs scikit-learn (no package index reachable from a pod)',
  },
  'valid/critical/pipeline_with_submit_request.yaml': {
    skip: 'imports requests (not in the stand-in Python image) and calls httpbin.org (network)',
  },
  'valid/critical/pipeline_with_artifact_upload_download.yaml': {
    skip: 'pip-installs datasets and downloads from Hugging Face (network)',
  },
  'valid/essential/component_with_pip_index_urls.yaml': {
    skip: 'pip-installs yapf from a package index (network)',
  },
  'valid/essential/component_with_pip_install.yaml': {
    skip: 'pip-installs yapf from a package index (network)',
  },
  'valid/essential/component_with_pip_install_in_venv.yaml': {
    skip: 'pip-installs yapf from a package index (network)',
  },
  'valid/integration/ray_integration_compiled.yaml': {
    skip: 'pip-installs codeflare-sdk and creates a Ray cluster through KubeRay (network, an operator)',
  },
  'valid/pipeline_with_condition_dynamic_task_output_custom_training_job.yaml': {
    skip: 'Vertex AI CustomTrainingJob through google-cloud-pipeline-components (Google Cloud)',
  },
  'valid/pipeline_with_dynamic_task_output_custom_training_job.yaml': {
    skip: 'Vertex AI CustomTrainingJob through google-cloud-pipeline-components (Google Cloud)',
  },
  'valid/sequential_v2.yaml': {
    skip: 'gsutil against Google Cloud Storage (image google/cloud-sdk, network)',
  },
  'valid/two_step_pipeline.yaml': {
    skip: 'gsutil against Google Cloud Storage (image google/cloud-sdk, network)',
  },
  'valid/xgboost_sample_pipeline.yaml': {
    skip: 'curl downloads the Chicago taxi data set, and pandas, pyarrow, xgboost are pip-installed (network)',
  },
  // Refused before anything runs: no pod is involved.
  'valid/component_with_metadata_fields.yaml': {
    skip: 'REJECTED before the run starts (required root input artifacts): no pod is made',
  },
  'valid/input_artifact.yaml': {
    skip: 'REJECTED before the run starts (required root input artifact): no pod is made',
  },
  'valid/pipeline_with_metadata_fields.yaml': {
    skip: 'REJECTED before the run starts (required root input artifact): no pod is made',
  },
};

/** Files whose expectation is FAILED: their failure is the components' own, so the cluster must fail them too. */
const FAILED_ON_CLUSTER: Readonly<
  Record<string, Omit<Extract<ClusterDecision, { expect: string }>, 'expect'>>
> = {
  'valid/component_with_task_final_status_GH-12033.yaml': { why: 'AttributeError in exit-comp (GH-12033)' },
  'valid/create_pod_metadata_complex.yaml': {
    why: 'validate-no-pod-metadata reads an env var no fieldPathAsEnv sets: fails on any backend',
  },
  'valid/failing/fail_v2.yaml': { why: 'sys.exit(1)' },
  'valid/failing/pipeline_with_exit_handler.yaml': { why: 'fail-op exits 1; the exit task still runs' },
  'valid/failing/pipeline_with_multiple_exit_handlers.yaml': {
    why: 'fail-op exits 1; all exit tasks still run',
  },
  'valid/local_execution/local_execution_pipeline_with_ignore_upstream_failure.yaml': {
    why: 'fail-always raises; write-marker still runs. marker_path is a path inside the pod (a host temp file does not exist in a pod), so only the task states are compared',
    arguments: { marker_path: '/tmp/skiff-marker' },
  },
  'valid/pipeline_as_exit_task.yaml': { why: 'fail-op exits 1; the exit pipeline still runs' },
  'valid/pipeline_with_task_final_status.yaml': { why: 'fail-op exits 1; exit-op gets state FAILED' },
};

/**
 * Skiff gaps this file found, measured on the cluster (the error is the one the run showed): skipped,
 * saying why, until they are fixed.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

/**
 * `npm test` runs the Kubernetes-object pipelines (local NOT_LOCAL, SUCCEEDED here) and this sample of
 * the others, about 20 pipelines; `npm run test:k8s-corpus` (TEST_K8S_CORPUS=all) runs every one, which
 * takes 15–25 minutes of a 2-core machine (about 400 pods) and so stays out of the suite's time.
 */
const SAMPLE = new Set([
  'valid/hello_world.yaml',
  'valid/container_io.yaml',
  'valid/container_with_artifact_output.yaml',
  'valid/critical/add_numbers.yaml',
  'valid/critical/flip_coin.yaml',
  'valid/critical/collected_parameters.yaml',
  'valid/critical/artifact_crust.yaml',
  'valid/critical/pipeline_with_artifact_custom_path.yaml',
  'valid/critical/pipeline_with_retry.yaml',
  'valid/critical/pipeline_with_env.yaml',
  'valid/failing/fail_v2.yaml',
  'valid/pipeline_with_task_final_status.yaml',
  'valid/critical/pipeline_with_workspace.yaml',
  'valid/critical/pipeline_with_importer_workspace.yaml',
]);
const EVERY_FILE = process.env.TEST_K8S_CORPUS === 'all';

/** Whether this run includes `key`: every file with TEST_K8S_CORPUS=all, else the Kubernetes-object ones and SAMPLE. */
function selected(key: string, expectation: Expectation, decision: ClusterDecision): boolean {
  if (EVERY_FILE || SAMPLE.has(key)) return true;
  return expectation.expect === 'NOT_LOCAL' && 'expect' in decision && decision.expect === 'SUCCEEDED';
}

/** The stand-in each image the corpus names runs on in the test cluster (k8s-cluster.ts imports them). */
function standIn(image: string): string {
  const slash = image.indexOf('/');
  const hasRegistry = slash > 0 && /[.:]|^localhost$/.test(image.slice(0, slash));
  let full = hasRegistry ? image : `docker.io/${slash > 0 ? '' : 'library/'}${image}`;
  if (!/:[^/]+$/.test(full)) full = `${full}:latest`;
  if (full === 'docker.io/library/python:3.11' || PYTHON_STAND_INS.includes(full))
    return 'Debian bookworm Python 3.11';
  if (BUSYBOX_STAND_INS.includes(full)) return 'busybox-static';
  if (/^docker\.io\/argostub\/(create|delete)pvc:/.test(full)) return 'none (PVC step, no pod)';
  return 'not imported';
}

function imagesOf(file: string): string[] {
  const images = new Set<string>();
  const [spec] = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS());
  for (const executor of Object.values(spec?.deploymentSpec?.executors ?? {}) as Array<{
    container?: { image?: string };
  }>) {
    if (executor.container?.image) images.add(executor.container.image);
  }
  return [...images].sort();
}

/** One row of the compatibility table, written to $TEST_K8S_CORPUS_REPORT after the run. */
interface ReportRow {
  file: string;
  local: string;
  cluster: string;
  images: Array<{ image: string; standIn: string }>;
  seconds?: number;
  note: string;
}

const clusterReason = noClusterReason();
const present = expectationsPresent();
const expectations = readExpectations();

/** The decision for every valid file: DECISIONS, FAILED_ON_CLUSTER, or "run as locally" for SUCCEEDED. */
function decisionFor(key: string, expectation: Expectation): ClusterDecision | undefined {
  const listed = DECISIONS[key];
  if (listed) return listed;
  const failed = FAILED_ON_CLUSTER[key];
  if (failed && expectation.expect === 'FAILED') return { expect: 'FAILED', ...failed };
  if (expectation.expect === 'SUCCEEDED') return { expect: 'SUCCEEDED', why: 'as locally' };
  return undefined;
}

/** At most `size` runs at a time. */
function pool(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** How a run differs from what is expected on the cluster: its state, root outputs, task states (as corpus-conformance compares them). */
function differences(key: string, expectation: Expectation, state: string, json: RunJson): string[] {
  const problems: string[] = [];
  if (json.state !== state) {
    const failed = json.tasks.find((task) => task.error?.startsWith('SKIFF_'));
    problems.push(
      `state ${json.state}, expected ${state}${failed ? ` (${failed.name}: ${failed.error})` : ''}`,
    );
  }
  const states = Object.fromEntries(json.tasks.map((t) => [t.name, t.state]));
  const random = RANDOM_OUTPUTS[key];
  for (const [name, value] of Object.entries(expectation.outputs ?? {})) {
    let wanted: unknown = value;
    if (random?.output === name) {
      const ran = Object.entries(random.byBranch).filter(([branch]) => states[branch] === 'SUCCEEDED');
      if (ran.length !== 1) {
        problems.push(`${ran.length} branches of ${name} ran`);
        continue;
      }
      wanted = ran[0]![1];
    }
    if (!isDeepStrictEqual(json.outputs[name], wanted))
      problems.push(
        `output ${name} is ${JSON.stringify(json.outputs[name])}, expected ${JSON.stringify(wanted)}`,
      );
  }
  for (const [name, wanted] of Object.entries(expectation.tasks ?? {})) {
    if (states[name] !== wanted) problems.push(`task ${name} is ${states[name]}, expected ${wanted}`);
  }
  return problems;
}

const entries = Object.entries(expectations)
  .filter(([key]) => key.startsWith('valid/'))
  .sort(([a], [b]) => a.localeCompare(b));

describe.skipIf(clusterReason === undefined && present)('KFP corpus on Kubernetes', () => {
  it.skip(`skipped: ${clusterReason ?? `${CORPUS} is absent`}`, () => {});
});

describe.skipIf(clusterReason !== undefined || !present)(
  'KFP corpus on Kubernetes (pods without host network)',
  () => {
    let s3: S3TestServer | undefined;
    let cephReason: string | undefined;
    let proxy: PodNetworkProxy | undefined;
    let namespace: string | undefined;
    let volumes: string | undefined;
    const persistentVolumes: string[] = [];
    const bucket = 'k8s-corpus';
    let root = '';
    const report: ReportRow[] = [];
    const slot = pool(4);
    let startedMs = Date.now();

    beforeAll(async () => {
      startedMs = Date.now();
      root = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-corpus-'));
      const started = await startCephRgw();
      if (started.reason !== undefined) {
        cephReason = started.reason;
        return;
      }
      s3 = started.server;
      await createBuckets(s3, [bucket]);
      namespace = createNamespace('corpus');
      proxy = await startPodNetworkProxy(namespace, s3.port);
      for (const [name, data] of Object.entries(SECRETS)) {
        const literals = Object.entries(data).map(([key, value]) => `--from-literal=${key}=${value}`);
        kubectl('create', 'secret', 'generic', name, '-n', namespace, ...literals);
      }
      // No provisioner: hostPath volumes of storage class "standard" for the claims CreatePVC and the
      // runs' workspaces make, and one bound ahead to the claim pvc_mount.yaml names.
      volumes = mkdtempSync(path.join(os.tmpdir(), 'skiff-k8s-pv-'));
      const manifests: object[] = [];
      for (let i = 0; i < 8; i++) {
        const name = `${namespace}-pv-${i}`;
        const dir = path.join(volumes, name);
        mkdirSync(dir);
        chmodSync(dir, 0o777);
        persistentVolumes.push(name);
        manifests.push({
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name, labels: { 'skiff.dev/test': namespace } },
          spec: {
            storageClassName: 'standard',
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            persistentVolumeReclaimPolicy: 'Retain',
            hostPath: { path: dir, type: 'Directory' },
            ...(i === 0 ? { claimRef: { namespace, name: EXISTING_PVC } } : {}),
          },
        });
      }
      manifests.push({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: EXISTING_PVC, namespace },
        spec: {
          storageClassName: 'standard',
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeName: persistentVolumes[0],
        },
      });
      execFileSync('kubectl', ['apply', '-f', '-'], {
        input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }),
        env: { ...process.env, KUBECONFIG: testCluster().kubeconfig },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
    }, 240_000);

    /** Write what was measured so far to $TEST_K8S_CORPUS_REPORT (after every run, so a cut-short run still tells). */
    function writeReport(): void {
      const out = process.env.TEST_K8S_CORPUS_REPORT;
      if (!out || cephReason) return;
      const measured = new Date().toISOString().slice(0, 10);
      const wallSeconds = Math.round((Date.now() - startedMs) / 1000);
      writeFileSync(out, `${JSON.stringify({ measured, wallSeconds, rows: report }, null, 2)}\n`);
    }

    afterAll(async () => {
      if (namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
      if (persistentVolumes.length > 0) kubectl('delete', 'pv', ...persistentVolumes, '--wait=false');
      await proxy?.close();
      await s3?.stop();
      writeReport();
      if (volumes) rmSync(volumes, { recursive: true, force: true });
      if (root) rmSync(root, { recursive: true, force: true });
    }, 120_000);

    it('has a decision for every valid corpus file', () => {
      expect(
        entries.filter(([key, expectation]) => !decisionFor(key, expectation)).map(([key]) => key),
      ).toEqual([]);
      // A decision for a file that is no longer in the corpus is stale.
      const known = new Set(entries.map(([key]) => key));
      expect(
        Object.keys({ ...DECISIONS, ...FAILED_ON_CLUSTER, ...KNOWN_GAPS }).filter((key) => !known.has(key)),
      ).toEqual([]);
    });

    describe.concurrent.each(entries)('%s', (key, expectation) => {
      const decision = decisionFor(key, expectation);
      const file = path.join(CORPUS, key);
      const images = imagesOf(file).map((image) => ({ image, standIn: standIn(image) }));
      if (decision === undefined || 'skip' in decision) {
        const reason = decision?.skip ?? 'no decision';
        report.push({ file: key, local: expectation.expect, cluster: 'SKIPPED', images, note: reason });
        it.skip(`skipped on the cluster: ${reason}`, () => {});
        return;
      }
      if (KNOWN_GAPS[key]) {
        it.skip(`known gap, not yet on the cluster: ${KNOWN_GAPS[key]}`, () => {});
        return;
      }
      if (!selected(key, expectation, decision)) {
        it.skip('runs with TEST_K8S_CORPUS=all (npm run test:k8s-corpus)', () => {});
        return;
      }
      it(`ends ${decision.expect} on the cluster (${decision.why})`, { timeout: 480_000 }, async () => {
        if (cephReason) return void console.warn(`skipped: ${cephReason}`);
        const { result, seconds } = await slot(async () => {
          const dir = mkdtempSync(path.join(root, 'run-'));
          clusterConfig(dir, {
            namespace: namespace!,
            s3: s3!,
            bucket,
            endpoint: proxy!.endpoint,
            hostNetwork: false,
            extra: '  timeoutSeconds: 240',
          });
          const args = { ...(expectation.arguments ?? {}), ...(decision.arguments ?? {}) };
          const paramsFile = path.join(dir, 'params.json');
          writeFileSync(paramsFile, JSON.stringify(args));
          const started = Date.now();
          const run = await skiffOnCluster(
            ['run', file, '--json', '--executor', 'kubernetes', '--params', paramsFile],
            dir,
            300_000,
          );
          return { result: run, seconds: Math.round((Date.now() - started) / 100) / 10 };
        });
        const context = `${key}\nexit ${result.code}\nstderr:\n${result.stderr.slice(-3000)}\nstdout:\n${result.stdout.slice(-3000)}`;
        let json: RunJson | undefined;
        try {
          json = lastJson<RunJson>(result.stdout);
        } catch {
          json = undefined;
        }
        const problems = json ? differences(key, expectation, decision.expect, json) : ['no --json result'];
        if (json && result.code !== (decision.expect === 'SUCCEEDED' ? 0 : 1))
          problems.push(`exit code ${result.code}`);
        report.push({
          file: key,
          local: expectation.expect,
          cluster: json?.state ?? `no result (exit ${result.code})`,
          images,
          seconds,
          note:
            problems.length > 0
              ? `differs: ${problems.join('; ')}${KNOWN_GAPS[key] ? ` (known gap: ${KNOWN_GAPS[key]})` : ''}`
              : decision.why,
        });
        writeReport();
        expect(problems, context).toEqual([]);
        if (json?.state === 'SUCCEEDED' && key.includes('workspace')) {
          // A succeeded run's workspace claim is deleted (it goes once its pods are gone).
          const runId = json.run_id;
          const claims = JSON.parse(kubectl('get', 'pvc', '-n', namespace!, '-o', 'json')).items as Array<{
            metadata: { name: string; deletionTimestamp?: string };
          }>;
          const live = claims.filter(
            (claim) =>
              claim.metadata.name === `skiff-${runId}-workspace` && !claim.metadata.deletionTimestamp,
          );
          expect(live).toEqual([]);
          // It was made and bound: a test volume names it (a Retain volume keeps its claim's name).
          const volumes = JSON.parse(kubectl('get', 'pv', '-o', 'json')).items as Array<{
            spec: { claimRef?: { name?: string } };
          }>;
          expect(volumes.map((volume) => volume.spec.claimRef?.name)).toContain(`skiff-${runId}-workspace`);
        }
      });
    });
  },
);
