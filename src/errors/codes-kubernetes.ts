import { setup, system, user } from './code-kinds.js';
import type { ErrorCodeInfo } from './codes.js';

/** Codes of the Kubernetes executor, its pods and `skiff doctor`'s cluster checks (part of ERROR_CODES). */
export const KUBERNETES_CODES = {
  SKIFF_K8S_CONFIG: setup(
    'The Kubernetes executor is not configured so that it can reach a cluster (no kubeconfig, no in-cluster credentials, or a bad executor.kubernetes value).',
    'Set KUBECONFIG (or executor.kubernetes.kubeconfig), or run skiff server in a pod with a service account; check the value named in the message.',
  ),
  SKIFF_K8S_API: system(
    'A call to the Kubernetes API failed (unreachable, refused, or an error answer).',
    'Check that the cluster is reachable with the same kubeconfig (`kubectl get pods -n NAMESPACE`) and that Skiff has the permissions `skiff doctor` lists.',
  ),
  SKIFF_K8S_POD_FAILED: user(
    "The task's container exited with a non-zero code in its pod.",
    "Read the task's log with `skiff logs RUN TASK`.",
  ),
} satisfies Record<string, ErrorCodeInfo>;
