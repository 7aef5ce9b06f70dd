import { existsSync, readFileSync } from 'node:fs';
import {
  ApiException,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  ListWatch,
  Log,
  type V1Pod,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import { SkiffError } from '../../errors/index.js';
import type { KubeApi, PodWatchHandle, PodWatchHandlers } from './kube-api.js';
import { timeMs } from './pod-status.js';

/** Where the service account of a pod is mounted. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** How to find the cluster: a kubeconfig file, else in-cluster credentials, else ~/.kube/config. */
export interface KubeTarget {
  /** `executor.kubernetes.kubeconfig`, or the value of KUBECONFIG. */
  readonly kubeconfig?: string;
  /** Where `kubeconfig` came from, for messages (`env:KUBECONFIG`, `file:…#executor.kubernetes.kubeconfig`). */
  readonly kubeconfigSource?: string;
  readonly context?: string;
  /** True when running in a pod (KUBERNETES_SERVICE_HOST is set and a service-account token is mounted). */
  readonly inCluster: boolean;
  /** The user's home, for ~/.kube/config. */
  readonly homeDir: string;
}

/** True when this process runs in a Kubernetes pod with a service-account token. */
export function runningInCluster(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(`${SERVICE_ACCOUNT_DIR}/token`);
}

/** The namespace of the pod this process runs in, if it runs in one. */
export function ownNamespace(): string | undefined {
  try {
    return readFileSync(`${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Load the kubeconfig the target names (SKIFF_K8S_CONFIG when there is none or it is unreadable). */
export function loadKubeConfig(target: KubeTarget): KubeConfig {
  const kc = new KubeConfig();
  const file = target.kubeconfig ?? (target.inCluster ? undefined : `${target.homeDir}/.kube/config`);
  try {
    if (file === undefined) kc.loadFromCluster();
    else {
      if (!existsSync(file)) {
        throw new SkiffError('SKIFF_K8S_CONFIG', `kubeconfig ${file}${from(target)} does not exist`, {
          fix: 'Set KUBECONFIG or executor.kubernetes.kubeconfig to the kubeconfig of your cluster, or run skiff server in a pod.',
          location: 'executor.kubernetes.kubeconfig',
        });
      }
      kc.loadFromFile(file);
      if (target.context !== undefined) kc.setCurrentContext(target.context);
    }
  } catch (cause) {
    if (cause instanceof SkiffError) throw cause;
    throw new SkiffError(
      'SKIFF_K8S_CONFIG',
      `cannot load kubeconfig ${file ?? '(in-cluster)'}${from(target)}: ${String(cause)}`,
      {
        fix: 'Check the file with `kubectl --kubeconfig FILE get pods`.',
        location: 'executor.kubernetes.kubeconfig',
        cause,
      },
    );
  }
  if (kc.getCurrentCluster() === null) {
    throw new SkiffError(
      'SKIFF_K8S_CONFIG',
      `kubeconfig ${file ?? '(in-cluster)'}${from(target)} names no current cluster`,
      {
        fix: 'Set its current-context, or executor.kubernetes.context.',
        location: 'executor.kubernetes.context',
      },
    );
  }
  return kc;
}

function from(target: KubeTarget): string {
  return target.kubeconfigSource ? ` (set in ${target.kubeconfigSource})` : '';
}

/** The KubeApi over @kubernetes/client-node. */
export function kubeClient(kc: KubeConfig): KubeApi {
  const core = kc.makeApiClient(CoreV1Api);
  const server = kc.getCurrentCluster()?.server ?? '(unknown)';
  // `tolerated`: the HTTP status that means "already so" (404 for a read or delete, 409 for a create): null.
  const call = async <T>(what: string, fn: () => Promise<T>, tolerated?: 404 | 409): Promise<T | null> => {
    try {
      return await fn();
    } catch (error) {
      if (tolerated !== undefined && error instanceof ApiException && error.code === tolerated) return null;
      throw apiError(what, server, error);
    }
  };
  const must = async <T>(what: string, fn: () => Promise<T>): Promise<T> => (await call(what, fn)) as T;
  return {
    server,
    createPod: (namespace, body) =>
      call(
        `create pod ${body.metadata?.name} in namespace ${namespace}`,
        () => core.createNamespacedPod({ namespace, body }),
        409,
      ),
    readPod: (namespace, name) =>
      call(`read pod ${name}`, () => core.readNamespacedPod({ namespace, name }), 404),
    deletePod: async (namespace, name, gracePeriodSeconds) => {
      await call(
        `delete pod ${name}`,
        () =>
          core.deleteNamespacedPod({
            namespace,
            name,
            ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
          }),
        404,
      );
    },
    listPods: (namespace, labelSelector) =>
      must(`list pods in ${namespace}`, () => core.listNamespacedPod({ namespace, labelSelector })),
    readLog: (namespace, pod, container) =>
      call(
        `read the log of pod ${pod}`,
        () => core.readNamespacedPodLog({ namespace, name: pod, container }),
        404,
      ),
    followLog: async (namespace, pod, container, out) => {
      const controller = await must(`follow the log of pod ${pod}`, () =>
        new Log(kc).log(namespace, pod, container, out, { follow: true }),
      );
      return () => controller.abort();
    },
    applySecret: async (secret) => {
      const { name, namespace } = secret.metadata;
      const wanted = secret.data ?? {};
      // Several servers or `skiff run`s may make it at once, with other settings: each adds its own
      // keys and keeps the others'. A create that finds it made (409), or a replace that lost to
      // another (409 on the resource version), reads it again and tries again.
      for (let tries = 1; ; tries++) {
        const existing = await call(
          `read secret ${name}`,
          () => core.readNamespacedSecret({ namespace, name }),
          404,
        );
        const held = existing?.data ?? {};
        if (existing !== null && Object.entries(wanted).every(([key, value]) => held[key] === value)) return;
        const what = `${existing === null ? 'create' : 'update'} secret ${name} in namespace ${namespace}`;
        const done =
          existing === null
            ? await call(what, () => core.createNamespacedSecret({ namespace, body: secret }), 409)
            : await call(
                what,
                () =>
                  core.replaceNamespacedSecret({
                    namespace,
                    name,
                    body: {
                      ...secret,
                      metadata: { ...secret.metadata, ...resourceVersionOf(existing) },
                      data: { ...held, ...wanted },
                    },
                  }),
                409,
              );
        if (done !== null) return;
        if (tries >= 5)
          throw apiError(what, server, new Error('it kept changing under us (409 Conflict five times)'));
      }
    },
    createPvc: (namespace, body) =>
      call(
        `create persistent volume claim ${body.metadata?.name}`,
        () => core.createNamespacedPersistentVolumeClaim({ namespace, body }),
        409,
      ),
    deletePvc: async (namespace, name) => {
      await call(
        `delete persistent volume claim ${name}`,
        () => core.deleteNamespacedPersistentVolumeClaim({ namespace, name }),
        404,
      );
    },
    podWarnings: async (namespace, pod) => {
      const listed = await must(`list the events of pod ${pod}`, () =>
        core.listNamespacedEvent({
          namespace,
          fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod},type=Warning`,
        }),
      );
      return listed.items.map((event) => {
        const lastMs = timeMs(event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp);
        return {
          reason: event.reason ?? '',
          message: event.message ?? '',
          firstMs: timeMs(event.firstTimestamp) ?? lastMs ?? Date.now(),
          lastMs: lastMs ?? Date.now(),
          count: event.count ?? 1,
        };
      });
    },
    watchPods: (namespace, labelSelector, handlers) => podWatch(kc, core, namespace, labelSelector, handlers),
    version: async () => {
      const info = await must('GET /version', () => kc.makeApiClient(VersionApi).getCode());
      return { gitVersion: info.gitVersion, ...(info.platform ? { platform: info.platform } : {}) };
    },
    readNamespace: async (name) => {
      try {
        await core.readNamespace({ name });
        return { state: 'exists' };
      } catch (error) {
        if (error instanceof ApiException && error.code === 404) return { state: 'missing' };
        if (error instanceof ApiException && error.code === 403)
          return { state: 'unknown', reason: apiError(`read namespace ${name}`, server, error).message };
        throw apiError(`read namespace ${name}`, server, error);
      }
    },
    accessReview: async (access) => {
      const { namespace, group, resource, subresource, verb, name } = access;
      const review = await must(`review access to ${verb} ${resource} in ${namespace}`, () =>
        kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                namespace,
                group: group ?? '',
                resource,
                verb,
                ...(subresource ? { subresource } : {}),
                ...(name ? { name } : {}),
              },
            },
          },
        }),
      );
      const reason = review.status?.reason;
      return { allowed: review.status?.allowed === true, ...(reason ? { reason } : {}) };
    },
  };
}

function podWatch(
  kc: KubeConfig,
  core: CoreV1Api,
  namespace: string,
  labelSelector: string,
  handlers: PodWatchHandlers,
): PodWatchHandle {
  const list = () => core.listNamespacedPod({ namespace, labelSelector });
  const informer = new ListWatch<V1Pod>(
    `/api/v1/namespaces/${namespace}/pods`,
    new Watch(kc),
    list,
    false,
    labelSelector,
  );
  informer.on('add', handlers.onPod);
  informer.on('update', handlers.onPod);
  informer.on('delete', handlers.onDeleted);
  informer.on('error', handlers.onError);
  if (handlers.onConnect) informer.on('connect', handlers.onConnect);
  return { start: () => informer.start(), stop: () => informer.stop() };
}

/** A coded error for a failed API call: what was asked, of which server, and Kubernetes' answer. */
export function apiError(what: string, server: string, error: unknown): SkiffError {
  const code = error instanceof ApiException ? error.code : undefined;
  let reason = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? safeJson(error.body) : error.body;
    const message = (body as { message?: unknown } | undefined)?.message;
    reason = `HTTP ${code}${typeof message === 'string' ? `: ${message}` : ''}`;
  }
  const missing = code === 404 ? /namespaces "([^"]+)" not found/.exec(reason)?.[1] : undefined;
  if (missing !== undefined) {
    return new SkiffError(
      'SKIFF_K8S_NAMESPACE',
      `${what} at ${server} failed: namespace "${missing}" does not exist (executor.kubernetes.namespace)`,
      {
        fix: `Create it (\`kubectl create namespace ${missing}\`, or apply deploy/base), or set executor.kubernetes.namespace to an existing namespace.`,
        cause: error,
      },
    );
  }
  return new SkiffError('SKIFF_K8S_API', `${what} at ${server} failed: ${reason}`, {
    fix: apiFix(code, server),
    cause: error,
  });
}

/** The fix for an API answer with HTTP status `code` (undefined: no answer at all). */
function apiFix(code: number | undefined, server: string): string {
  if (code === 403)
    return 'Grant the permission named in the message to the identity of the kubeconfig or service account (see docs/kubernetes.md, "Permissions"); `skiff doctor` lists each missing one.';
  if (code === 401)
    return 'The cluster refused the credentials of the kubeconfig (an expired token or certificate?): renew them, then check with `kubectl get pods`.';
  if (code === 400 || code === 422)
    return "The cluster refused the object as invalid, for the field the message names: correct it in executor.kubernetes.pod (skiff.yaml) or in the task's Kubernetes settings in the pipeline (kubernetes.* of the KFP SDK).";
  if (code !== undefined && code >= 500)
    return `The API server at ${server} failed to answer; try again, and see its logs if it goes on.`;
  return `Check that the cluster at ${server} is reachable with this kubeconfig (kubectl get pods).`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The object's resourceVersion as metadata to send back (a replace then fails with 409 if it changed). */
function resourceVersionOf(object: { metadata?: { resourceVersion?: string } }): {
  resourceVersion?: string;
} {
  const version = object.metadata?.resourceVersion;
  return version === undefined ? {} : { resourceVersion: version };
}
