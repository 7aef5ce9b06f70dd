import type { LoadedConfig } from '../../config/index.js';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import type { NamespaceState } from '../../executors/kubernetes/kube-api.js';
import { type ClusterConnection, connectCluster } from '../../executors/kubernetes/kube-target.js';
import { type DoctorCheck, failedCheck, timed } from '../doctor-report.js';
import { checkProbePod, PROBE_CHECKS } from './check-probe-pod.js';
import {
  type PermissionAnswer,
  PROBE_POD_PERMISSIONS,
  permissionChecks,
  permissionText,
  reviewPermissions,
} from './cluster-permissions.js';

/** What the cluster checks work with. */
export interface ClusterDoctorDeps {
  readonly loaded: LoadedConfig;
  /** The environment: KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST find the cluster. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** How long one API call may take. Default 10 s. */
  readonly apiTimeoutMs?: number;
  /** How long the probe pod may take to start and report. Default 60 s. */
  readonly probeTimeoutMs?: number;
}

const NAMES = {
  cluster: 'kubernetes cluster',
  namespace: 'kubernetes namespace',
  permissions: 'kubernetes permissions',
} as const;

/**
 * The checks of `executor.kind: kubernetes`, in order: the cluster answers (credentials load, GET
 * /version), the task namespace exists, every permission Skiff needs there is granted, and a probe
 * pod in Skiff's image starts and reaches the pipeline root. A check that needs an earlier one that
 * failed is skipped, saying why.
 */
export async function checkCluster(deps: ClusterDoctorDeps): Promise<DoctorCheck[]> {
  const { loaded } = deps;
  const apiTimeoutMs = deps.apiTimeoutMs ?? 10_000;
  const kubeconfigTarget = 'kubeconfig or in-cluster credentials';
  let connection: ClusterConnection;
  try {
    connection = connectCluster(loaded, deps.env);
  } catch (error) {
    if (!isSkiffError(error)) throw error;
    return [failedCheck(NAMES.cluster, kubeconfigTarget, error), ...skipAfterCluster(loaded)];
  }
  const { api, namespace } = connection;
  const version = await timed(() =>
    withTimeout(api.version(), apiTimeoutMs, `GET /version at ${api.server}`).catch(asSkiffError),
  );
  if (isSkiffError(version.value)) {
    const failed = failedCheck(NAMES.cluster, api.server, version.value, version.durationMs);
    return [
      { ...failed, detail: `${failed.detail} (with ${connection.credentials})` },
      ...skipAfterCluster(loaded),
    ];
  }
  const checks: DoctorCheck[] = [
    {
      name: NAMES.cluster,
      target: api.server,
      status: 'ok',
      detail: `Kubernetes ${version.value.gitVersion} answers (${connection.credentials})`,
      durationMs: version.durationMs,
    },
  ];
  const namespaceTarget = `${namespace} (executor.kubernetes.namespace from ${connection.namespaceSource})`;
  const found = await timed(() =>
    withTimeout(api.readNamespace(namespace), apiTimeoutMs, `read namespace ${namespace}`).catch(
      asSkiffError,
    ),
  );
  const state = found.value;
  if (isSkiffError(state)) {
    checks.push(failedCheck(NAMES.namespace, namespaceTarget, state, found.durationMs));
  } else if (state.state === 'missing') {
    const error = new SkiffError(
      'SKIFF_K8S_NAMESPACE',
      `namespace ${namespace} does not exist at ${api.server}`,
      {
        fix: `Create it (kubectl create namespace ${namespace}), or set executor.kubernetes.namespace (SKIFF_EXECUTOR_KUBERNETES_NAMESPACE) to an existing namespace.`,
      },
    );
    checks.push(failedCheck(NAMES.namespace, namespaceTarget, error, found.durationMs));
  } else if (state.state === 'unknown') {
    checks.push({
      name: NAMES.namespace,
      target: namespaceTarget,
      status: 'warn',
      detail: `could not be checked: ${connection.user} may not read namespaces (${state.reason})`,
      fix: 'Nothing to do if the namespace exists; to let skiff doctor check it, grant get on namespaces (deploy/components/namespace-reader).',
      durationMs: found.durationMs,
    });
  } else {
    checks.push({
      name: NAMES.namespace,
      target: namespaceTarget,
      status: 'ok',
      detail: 'exists',
      durationMs: found.durationMs,
    });
  }
  const reviewed = await timed(() =>
    withTimeout(reviewPermissions(api, namespace), apiTimeoutMs, 'SelfSubjectAccessReviews').catch(
      asSkiffError,
    ),
  );
  const answers = reviewed.value;
  if (isSkiffError(answers)) {
    checks.push(failedCheck(NAMES.permissions, `namespace ${namespace}`, answers, reviewed.durationMs));
  } else {
    const lines = permissionChecks(answers, { namespace, user: connection.user });
    checks.push(...lines.map((line) => ({ ...line, durationMs: reviewed.durationMs })));
  }
  const blocker = probeBlocker(state, answers, namespace);
  if (blocker !== undefined) {
    const target = loaded.config.executor.kubernetes.image;
    checks.push(
      { name: PROBE_CHECKS.image, target, status: 'skip', detail: blocker },
      { name: PROBE_CHECKS.storage, target: loaded.config.pipelineRoot, status: 'skip', detail: blocker },
    );
    return checks;
  }
  checks.push(
    ...(await checkProbePod({
      api,
      loaded,
      settings: { ...loaded.config.executor.kubernetes, namespace },
      timeoutMs: deps.probeTimeoutMs ?? 60_000,
      ...(deps.signal ? { signal: deps.signal } : {}),
    })),
  );
  return checks;
}

/** Why the probe pod cannot be made, when an earlier check says so. */
function probeBlocker(
  state: NamespaceState | SkiffError,
  answers: readonly PermissionAnswer[] | SkiffError,
  namespace: string,
): string | undefined {
  if (!isSkiffError(state) && state.state === 'missing')
    return `no probe pod: namespace ${namespace} does not exist (see ${NAMES.namespace})`;
  if (isSkiffError(answers)) return undefined; // unknown: try
  const needed = new Set(PROBE_POD_PERMISSIONS);
  const missing = answers.filter((a) => !a.allowed && needed.has(a.permission));
  if (missing.length === 0) return undefined;
  const names = missing.map((a) => permissionText(a.permission)).join(', ');
  return `no probe pod: it needs ${names}, which ${missing.length === 1 ? 'is' : 'are'} not granted (see ${NAMES.permissions})`;
}

/** The later checks, skipped because the cluster does not answer. */
function skipAfterCluster(loaded: LoadedConfig): DoctorCheck[] {
  const { namespace, image } = loaded.config.executor.kubernetes;
  const detail = `not checked: the cluster cannot be reached (see ${NAMES.cluster})`;
  const lines: [string, string][] = [
    [NAMES.namespace, namespace],
    [NAMES.permissions, `namespace ${namespace}`],
    [PROBE_CHECKS.image, image],
    [PROBE_CHECKS.storage, loaded.config.pipelineRoot],
  ];
  return lines.map(([name, target]) => ({ name, target, status: 'skip', detail }));
}

function asSkiffError(error: unknown): SkiffError {
  if (isSkiffError(error)) return error;
  return new SkiffError('SKIFF_K8S_API', String(error), { cause: error });
}

/** `promise`, or SKIFF_K8S_API when it has not settled after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new SkiffError('SKIFF_K8S_API', `${what} got no answer within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
