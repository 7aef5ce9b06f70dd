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
  SKIFF_K8S_PLAN: system(
    'The sidecar of a task pod got no usable plan from the server (the pod was not made by this Skiff version).',
    'Use the same Skiff version for skiff server and executor.kubernetes.image.',
  ),
  SKIFF_K8S_POD_DELETED: system(
    "The pod of an attempt was deleted by someone else (kubectl delete, a node drain, the namespace's controller) before it ended.",
    'Nothing to do: the attempt is retried per the retry policy. Find who deletes pods labelled app.kubernetes.io/managed-by=skiff if it recurs.',
  ),
  SKIFF_K8S_LOCAL_ROOT: setup(
    "The run's pipeline root is a file:// URI, which pods on the cluster cannot reach.",
    'Use an s3:// or minio:// pipeline root with a storage provider (pipelineRoot, storage.providers), the same for the server and every pod.',
  ),
} satisfies Record<string, ErrorCodeInfo>;
