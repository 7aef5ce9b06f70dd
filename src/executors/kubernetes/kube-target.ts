import type { LoadedConfig } from '../../config/index.js';
import type { KubeApi } from './kube-api.js';
import {
  type KubeTarget,
  kubeClient,
  loadKubeConfig,
  ownNamespace,
  runningInCluster,
} from './kube-client.js';

/** Which cluster a configuration names, and the namespace of task pods there. */
export interface ClusterTarget {
  readonly target: KubeTarget;
  /** `executor.kubernetes.namespace`; in a pod, by default the pod's own namespace. */
  readonly namespace: string;
  /** Where `namespace` came from, for messages (`default`, `env:…`, `the pod's own namespace`). */
  readonly namespaceSource: string;
}

/**
 * The cluster of a configuration: executor.kubernetes.kubeconfig, else the first file of
 * KUBECONFIG, else in-cluster credentials when running in a pod, else ~/.kube/config; task pods in
 * executor.kubernetes.namespace (in a pod, by default the server's own namespace).
 */
export function clusterTargetOf(
  loaded: Pick<LoadedConfig, 'config' | 'sources'>,
  env: Readonly<Record<string, string | undefined>>,
): ClusterTarget {
  const { config, sources } = loaded;
  const settings = config.executor.kubernetes;
  const inCluster = runningInCluster(env);
  const kubeconfig = settings.kubeconfig ?? env.KUBECONFIG?.split(':')[0];
  const target: KubeTarget = {
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(settings.kubeconfig
      ? { kubeconfigSource: sources.get('executor.kubernetes.kubeconfig') ?? 'default' }
      : kubeconfig
        ? { kubeconfigSource: 'env:KUBECONFIG' }
        : {}),
    ...(settings.context ? { context: settings.context } : {}),
    inCluster,
    homeDir: env.HOME ?? '/root',
  };
  const namespaceSource = sources.get('executor.kubernetes.namespace') ?? 'default';
  const own = inCluster && namespaceSource === 'default' ? ownNamespace() : undefined;
  return own === undefined
    ? { target, namespace: settings.namespace, namespaceSource }
    : { target, namespace: own, namespaceSource: "the server pod's own namespace" };
}

/** A client of the cluster a configuration names, and how it was found. */
export interface ClusterConnection extends ClusterTarget {
  readonly api: KubeApi;
  /** The credentials used, for messages: `kubeconfig FILE (from SOURCE), context NAME` or the in-cluster service account. */
  readonly credentials: string;
  /** The kubeconfig's user name (`inClusterUser` in a pod), for messages. */
  readonly user: string;
}

/** Load the credentials of the configuration's cluster (SKIFF_K8S_CONFIG when they cannot be) and make its client. */
export function connectCluster(
  loaded: Pick<LoadedConfig, 'config' | 'sources'>,
  env: Readonly<Record<string, string | undefined>>,
): ClusterConnection {
  const cluster = clusterTargetOf(loaded, env);
  const { target } = cluster;
  const kc = loadKubeConfig(target);
  const file = target.kubeconfig ?? (target.inCluster ? undefined : `${target.homeDir}/.kube/config`);
  const credentials =
    file === undefined
      ? "the in-cluster credentials of this pod's service account"
      : `kubeconfig ${file}${target.kubeconfigSource ? ` (from ${target.kubeconfigSource})` : ''}, context ${kc.getCurrentContext()}`;
  return { ...cluster, api: kubeClient(kc), credentials, user: kc.getCurrentUser()?.name ?? '(unknown)' };
}
