import { setTimeout as sleep } from 'node:timers/promises';
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { type Config, type LoadedConfig, matchProvider } from '../../config/index.js';
import { ERROR_CODES, type ErrorCode, isSkiffError, SkiffError } from '../../errors/index.js';
import type { KubeApi } from '../../executors/kubernetes/kube-api.js';
import { durationText, reasonText, unschedulable } from '../../executors/kubernetes/pod-status.js';
import { type ProbeReport, parseProbeReport } from '../../executors/kubernetes/probe-plan.js';
import { PROBE_CONTAINER, probePodName, probePodSpec } from '../../executors/kubernetes/probe-pod.js';
import { type PodStorage, podStorage } from '../../executors/kubernetes/storage-secret.js';
import { type DoctorCheck, failedCheck } from '../doctor-report.js';

/** The names of the probe pod's lines in the report. */
export const PROBE_CHECKS = {
  image: 'kubernetes helper image',
  storage: 'kubernetes storage from pod',
} as const;

/** What the probe pod check works with. */
export interface ProbePodDeps {
  readonly api: KubeApi;
  readonly loaded: LoadedConfig;
  /** executor.kubernetes, with the namespace the pods go to. */
  readonly settings: Config['executor']['kubernetes'];
  /** How long the pod may take to start and report. */
  readonly timeoutMs: number;
  /** How often the pod is read while it runs. Default 500 ms. */
  readonly pollMs?: number;
  /**
   * How long a container-create error may last before it is reported. The kubelet retries it, and
   * some clear by themselves ("failed to sync secret cache" on a busy node). Default 10 s.
   */
  readonly createGraceMs?: number;
  readonly signal?: AbortSignal;
}

/** Waiting reasons that mean the image will not be there: reported as soon as they show. */
const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);
/** Waiting reasons that mean the container cannot be made (yet: the kubelet tries again). */
const CREATE_FAILURES: Record<string, ErrorCode> = {
  CreateContainerConfigError: 'SKIFF_K8S_POD_CONFIG',
  CreateContainerError: 'SKIFF_K8S_POD_START',
};

/**
 * Run one short-lived pod in Skiff's image, made like a task pod's sidecar, that reaches the
 * pipeline root from inside the cluster (`skiff pod-probe`). Two lines: the helper image (pulled and
 * started, or Kubernetes' pull error as soon as it shows) and the storage as seen from the pod (the
 * step that failed, the endpoint and where it was set). The pod is deleted afterwards, always.
 */
export async function checkProbePod(deps: ProbePodDeps): Promise<DoctorCheck[]> {
  const { api, loaded, settings } = deps;
  const { namespace } = settings;
  const targets = probeTargets(loaded, settings.image);
  let storage: PodStorage;
  try {
    storage = await podStorage(loaded.storage.providers, namespace);
    await api.applySecret(storage.secret);
  } catch (error) {
    return [
      skipped(PROBE_CHECKS.image, targets.image, 'the storage Secret of task pods could not be made'),
      failedCheck(PROBE_CHECKS.storage, targets.storage, coded(error)),
    ];
  }
  const root = loaded.config.pipelineRoot;
  const plan = {
    version: 1 as const,
    pipelineRoot: root,
    pipelineRootSource: loaded.sources.get('pipelineRoot') ?? 'default',
    storage: { providers: storage.providers, retry: loaded.config.storage.retry },
  };
  const name = probePodName();
  const started = performance.now();
  try {
    await api.createPod(namespace, probePodSpec({ name, namespace, settings, plan, storage }));
  } catch (error) {
    return [
      failedCheck(PROBE_CHECKS.image, targets.image, coded(error)),
      skipped(PROBE_CHECKS.storage, targets.storage, `the probe pod ${name} could not be made`),
    ];
  }
  // Any failure while it runs (an API error) is a line of the report: the pod is deleted either way.
  const checks = await watchProbe({ ...deps, name, targets, started }).catch((error: unknown) => [
    failedCheck(PROBE_CHECKS.image, targets.image, coded(error)),
    notRun(targets, name),
  ]);
  const notDeleted = await api.deletePod(namespace, name, 0).then(
    () => undefined,
    (error: unknown) => coded(error),
  );
  if (notDeleted !== undefined) {
    checks.push({
      ...failedCheck('kubernetes probe pod', `${namespace}/${name}`, notDeleted),
      status: 'warn',
      fix: `Delete it: kubectl -n ${namespace} delete pod ${name}`,
    });
  }
  return checks;
}

interface Targets {
  readonly image: string;
  readonly storage: string;
  /** `ENDPOINT (set in SOURCE)` of the root's provider, when one serves it. */
  readonly endpoint?: string;
}

function probeTargets(loaded: LoadedConfig, image: string): Targets {
  const root = loaded.config.pipelineRoot;
  const rootSource = loaded.sources.get('pipelineRoot') ?? 'default';
  const imageTarget = `${image} (executor.kubernetes.image from ${loaded.sources.get('executor.kubernetes.image') ?? 'default'})`;
  const provider = matchProvider(root, loaded.storage.providers)?.provider;
  const storage = `${root} (pipelineRoot from ${rootSource})`;
  if (provider?.endpoint === undefined) return { image: imageTarget, storage };
  const endpoint = `${provider.endpoint} (set in ${provider.fieldSources.endpoint ?? provider.source})`;
  return { image: imageTarget, storage: `${storage} at ${endpoint}`, endpoint };
}

/** Read the pod until it reports, fails to start, or runs out of time. */
async function watchProbe(
  deps: ProbePodDeps & { readonly name: string; readonly targets: Targets; readonly started: number },
): Promise<DoctorCheck[]> {
  const { api, name, targets, settings } = deps;
  const where = `${settings.namespace}/${name}`;
  const ms = () => Math.round(performance.now() - deps.started);
  let imageOk: DoctorCheck | undefined;
  let why = 'not scheduled yet';
  let createErrorSince: number | undefined;
  while (ms() < deps.timeoutMs) {
    const pod = await api.readPod(settings.namespace, name);
    if (pod === null) {
      const error = new SkiffError('SKIFF_K8S_PROBE', `probe pod ${where} was deleted by someone else`);
      return imageOk
        ? [imageOk, failedCheck(PROBE_CHECKS.storage, targets.storage, error, ms())]
        : [failedCheck(PROBE_CHECKS.image, targets.image, error, ms()), notRun(targets, name)];
    }
    const status = pod.status?.containerStatuses?.find((s) => s.name === PROBE_CONTAINER);
    const waiting = status?.state?.waiting;
    if (waiting?.reason !== undefined && PULL_FAILURES.has(waiting.reason)) {
      const error = new SkiffError(
        'SKIFF_K8S_IMAGE_PULL',
        `probe pod ${where}: image ${targets.image} cannot be pulled: ${reasonText(waiting.reason, waiting.message)}`,
        { fix: pullFix(settings) },
      );
      return [failedCheck(PROBE_CHECKS.image, targets.image, error, ms()), notRun(targets, name)];
    }
    const createCode = waiting?.reason === undefined ? undefined : CREATE_FAILURES[waiting.reason];
    createErrorSince = createCode === undefined ? undefined : (createErrorSince ?? ms());
    const createErrorMs = createErrorSince === undefined ? 0 : ms() - createErrorSince;
    if (createCode !== undefined && createErrorMs >= (deps.createGraceMs ?? 10_000)) {
      const error = new SkiffError(
        createCode,
        `probe pod ${where}: its container could not be made for ${durationText(createErrorMs)}: ${reasonText(waiting?.reason, waiting?.message)}`,
      );
      return [failedCheck(PROBE_CHECKS.image, targets.image, error, ms()), notRun(targets, name)];
    }
    if (status?.state?.running || status?.state?.terminated) imageOk ??= startedCheck(pod, status, targets);
    const terminated = status?.state?.terminated;
    if (terminated) return [imageOk!, storageCheck(terminated, targets, where, ms())];
    if (pod.status?.phase === 'Failed') {
      const error = new SkiffError(
        'SKIFF_K8S_PROBE',
        `probe pod ${where} failed before its container ran: ${reasonText(pod.status.reason, pod.status.message)}`,
      );
      return [failedCheck(PROBE_CHECKS.image, targets.image, error, ms()), notRun(targets, name)];
    }
    const blocked = unschedulable(pod);
    why = blocked
      ? `no node can take it: ${reasonText(blocked.reason, blocked.message)}`
      : waiting?.reason
        ? `waiting: ${reasonText(waiting.reason, waiting.message)}`
        : status?.state?.running
          ? 'running'
          : (pod.status?.phase ?? 'Pending');
    try {
      await sleep(deps.pollMs ?? 500, undefined, deps.signal ? { signal: deps.signal } : {});
    } catch {
      break; // interrupted: the pod is deleted by the caller
    }
  }
  const interrupted = deps.signal?.aborted === true;
  const limit = interrupted
    ? 'was interrupted'
    : `did not finish within ${Math.round(deps.timeoutMs / 1000)} s`;
  const error = new SkiffError('SKIFF_K8S_PROBE', `probe pod ${where} ${limit}: ${why}`, {
    ...(why.startsWith('no node') ? { fix: ERROR_CODES.SKIFF_K8S_UNSCHEDULABLE.fix } : {}),
  });
  return imageOk
    ? [imageOk, failedCheck(PROBE_CHECKS.storage, targets.storage, error, ms())]
    : [failedCheck(PROBE_CHECKS.image, targets.image, error, ms()), notRun(targets, name)];
}

function startedCheck(pod: V1Pod, status: V1ContainerStatus, targets: Targets): DoctorCheck {
  const node = pod.spec?.nodeName ? ` on node ${pod.spec.nodeName}` : '';
  const id = status.imageID ? ` (${status.imageID})` : '';
  return {
    name: PROBE_CHECKS.image,
    target: targets.image,
    status: 'ok',
    detail: `pulled and started in probe pod ${pod.metadata?.name}${node}${id}`,
  };
}

/** The storage line from the container's termination message (the pod's report). */
function storageCheck(
  terminated: NonNullable<V1ContainerStatus['state']>['terminated'] & object,
  targets: Targets,
  where: string,
  durationMs: number,
): DoctorCheck {
  const report = parseProbeReport(terminated.message);
  if (report === null) {
    const output = terminated.message?.trim().split('\n').slice(-3).join(' | ') ?? '';
    const error = new SkiffError(
      'SKIFF_K8S_PROBE',
      `skiff pod-probe in probe pod ${where} ended (exit code ${terminated.exitCode}${terminated.reason ? `, ${terminated.reason}` : ''}) without a report${output ? `: ${output}` : ''}`,
      {
        fix: 'Use the same Skiff version for skiff and executor.kubernetes.image (the image must have `skiff pod-probe`).',
      },
    );
    return failedCheck(PROBE_CHECKS.storage, targets.storage, error, durationMs);
  }
  return reportCheck(report, targets, where, durationMs);
}

function reportCheck(report: ProbeReport, targets: Targets, where: string, durationMs: number): DoctorCheck {
  const base = { name: PROBE_CHECKS.storage, target: targets.storage, durationMs };
  if (report.ok) {
    const steps = report.steps.map((step) => step.name).join(', ');
    return {
      ...base,
      status: 'ok',
      detail: `reachable and writable from probe pod ${where} at ${report.endpoint ?? 'its endpoint'} (${steps} passed)`,
    };
  }
  const failed = report.steps.find((step) => !step.ok);
  const code =
    failed?.code !== undefined && failed.code in ERROR_CODES ? (failed.code as ErrorCode) : undefined;
  const endpoint = targets.endpoint ?? report.endpoint ?? '(no endpoint)';
  return {
    ...base,
    status: 'fail',
    detail: `from probe pod ${where}, step "${failed?.name ?? '?'}" failed: ${failed?.message ?? failed?.detail ?? 'no reason given'}; endpoint ${endpoint}`,
    fix: NETWORK_STEPS.has(failed?.name ?? '')
      ? `Make the endpoint reachable from pods in namespace ${namespaceOf(where)}, not only from this machine: use an address the pods can resolve and route to (a Service name such as minio.NAMESPACE.svc.cluster.local:9000); 127.0.0.1 is the pod itself unless executor.kubernetes.hostNetwork is true.`
      : (failed?.fix ?? ERROR_CODES[code ?? 'SKIFF_K8S_PROBE'].fix),
    code: code ?? 'SKIFF_K8S_PROBE',
  };
}

/** Probe steps that fail when the pod cannot reach the endpoint at all. */
const NETWORK_STEPS = new Set(['dns', 'tcp', 'tls']);

function namespaceOf(where: string): string {
  return where.slice(0, where.indexOf('/'));
}

function pullFix(settings: Config['executor']['kubernetes']): string {
  if (settings.imagePullPolicy === 'Never')
    return `With executor.kubernetes.imagePullPolicy Never the image must already be on every node: import it (ctr -n k8s.io images import, kind load image-archive) or correct executor.kubernetes.image.`;
  return 'Correct executor.kubernetes.image, push the image to a registry the nodes can reach, or add the registry credentials to executor.kubernetes.pod.imagePullSecrets.';
}

function skipped(name: string, target: string, why: string): DoctorCheck {
  return { name, target, status: 'skip', detail: why };
}

function notRun(targets: Targets, name: string): DoctorCheck {
  return skipped(
    PROBE_CHECKS.storage,
    targets.storage,
    `probe pod ${name} did not run (see ${PROBE_CHECKS.image})`,
  );
}

function coded(error: unknown): SkiffError {
  if (isSkiffError(error)) return error;
  return new SkiffError('SKIFF_K8S_PROBE', `the probe pod failed: ${String(error)}`, { cause: error });
}
