import type { LoadedConfig } from '../../config/index.js';
import type { Logger } from '../../engine/ports.js';
import type { StoreFor } from '../../launcher/stage-artifacts.js';
import { connectCluster } from './kube-target.js';
import { createKubernetesRunner, type KubernetesRunner } from './kubernetes-runner.js';

/**
 * The Kubernetes runner of a configuration: the cluster from executor.kubernetes.kubeconfig, else
 * KUBECONFIG, else in-cluster credentials, else ~/.kube/config; task pods in
 * executor.kubernetes.namespace (in a pod, by default the server's own namespace).
 */
export function kubernetesRunnerOf(
  loaded: LoadedConfig,
  env: Readonly<Record<string, string | undefined>>,
  deps: { readonly storeFor: StoreFor; readonly logsDir: string; readonly log: Logger },
): KubernetesRunner {
  const { config } = loaded;
  const { api, namespace } = connectCluster(loaded, env);
  const settings = config.executor.kubernetes;
  return createKubernetesRunner({
    api,
    settings: { ...settings, namespace },
    kfpRuntime: config.executor.python.kfpRuntime,
    ...(config.executor.timeoutSeconds === undefined
      ? {}
      : { timeoutSeconds: config.executor.timeoutSeconds }),
    providers: loaded.storage.providers,
    retry: config.storage.retry,
    storeFor: deps.storeFor,
    logsDir: deps.logsDir,
    log: deps.log,
  });
}
