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
  SKIFF_K8S_PLAN_TOO_LARGE: user(
    "A task's input parameters are too large to travel in its pod's spec (over 1 MB in all).",
    'Pass large values as artifacts (Input[Dataset], a file), not as parameters; a pod spec and its environment cannot hold them.',
  ),
  SKIFF_K8S_POD_DELETED: system(
    "The pod of an attempt was deleted by someone else (kubectl delete, a node drain, the namespace's controller) before it ended.",
    'Nothing to do: the attempt is retried per the retry policy. Find who deletes pods labelled app.kubernetes.io/managed-by=skiff if it recurs.',
  ),
  SKIFF_K8S_LOCAL_ROOT: setup(
    "The run's pipeline root is a file:// URI, which pods on the cluster cannot reach.",
    'Use an s3:// or minio:// pipeline root with a storage provider (pipelineRoot, storage.providers), the same for the server and every pod.',
  ),
  SKIFF_K8S_PLATFORM: setup(
    "An executor's Kubernetes platform config (platforms.kubernetes) or a PVC step's input has a value Kubernetes would reject (a bad toleration operator, a relative mount path, JSON that does not parse, a name that cannot be resolved).",
    'Correct the field named in the message (usually the kfp.kubernetes call that set it) and compile the pipeline again.',
  ),
  SKIFF_K8S_IMAGE_PULL: setup(
    "The node could not pull the task's image (wrong name or tag, private registry without credentials, registry unreachable).",
    'Check the image name the message quotes with `docker pull`; for a private registry add kubernetes.set_image_pull_secrets to the task.',
  ),
  SKIFF_K8S_POD_CONFIG: setup(
    "Kubernetes could not configure the task's container: a Secret or ConfigMap (or one of its keys) the task reads is missing.",
    'Create the Secret or ConfigMap and key the message names in the namespace of the run, or mark it optional (optional=True).',
  ),
  SKIFF_K8S_UNSCHEDULABLE: system(
    "No node could take the task's pod (not enough CPU, memory or GPUs, no node matching its selector, affinity or tolerations, or an unbound PVC).",
    "Read the scheduler's message: lower the task's resource requests, fix its node selector or tolerations, or add nodes to the cluster.",
  ),
  SKIFF_K8S_OOM_KILLED: system(
    "The task's container used more memory than its limit and was killed (OOMKilled).",
    'Raise the memory limit (task.set_memory_limit) or make the task use less memory.',
  ),
  SKIFF_K8S_EVICTED: system(
    "The kubelet evicted the task's pod (node short of memory or disk, or the node was drained).",
    "Nothing to do for a drained node: the attempt is retried per the retry policy; for memory or disk pressure, set the task's requests so the scheduler places it on a node with room.",
  ),
  SKIFF_K8S_DEADLINE: {
    summary:
      "The task's pod ran past its activeDeadlineSeconds (kubernetes.set_timeout) and Kubernetes stopped it.",
    fix: 'Raise the timeout (kubernetes.set_timeout) or make the task faster.',
    badInput: false,
    kind: 'TIMEOUT',
  },
  SKIFF_K8S_NO_SHELL: setup(
    "The task's image has no /bin/sh, which Skiff's pod wrapper needs to start the component's command.",
    'Use an image with a shell (for example a -debug or -slim variant instead of a distroless or scratch image).',
  ),
  SKIFF_K8S_POD_START: system(
    "The container runtime could not start the task's container (StartError, ContainerCannotRun, CreateContainerError).",
    "Read the runtime's message: usually the command is not in the image or a volume cannot be mounted.",
  ),
  SKIFF_K8S_SIDECAR: system(
    "Skiff's sidecar container in the task's pod ended without reporting the attempt's outcome (killed, out of memory, or it crashed).",
    "Nothing to do usually: the attempt is retried per the retry policy; read the pod's skiff container log (`kubectl logs POD -c skiff`) if it repeats.",
  ),
  SKIFF_K8S_POD_LOST: system(
    "The task's pod ended without an exit code of its container or a report from Skiff's sidecar (deleted, its node lost or shut down, or rejected by the kubelet).",
    'Nothing to do usually: the attempt is retried per the retry policy; check the node named in the message if it repeats.',
  ),
  SKIFF_K8S_NAMESPACE: setup(
    'The namespace of task pods (executor.kubernetes.namespace) does not exist on the cluster.',
    'Create it (`kubectl create namespace NAME`, or apply deploy/base), or set executor.kubernetes.namespace to an existing namespace.',
  ),
  SKIFF_K8S_PERMISSION: setup(
    "The identity Skiff uses on the cluster (the kubeconfig's user or the server's service account) lacks a permission the Kubernetes executor needs in the task namespace.",
    'Add the RBAC rule the message quotes to the Role bound to that identity in the task namespace (deploy/base/role.yaml has every rule Skiff needs).',
  ),
  SKIFF_K8S_PROBE: system(
    'The probe pod of `skiff doctor` did not report (it did not start or finish in time, or `skiff pod-probe` in it failed).',
    'Read the reason in the message; `kubectl -n NAMESPACE describe pod -l skiff.dev/probe=doctor` while the check runs shows why the pod waits.',
  ),
} satisfies Record<string, ErrorCodeInfo>;
