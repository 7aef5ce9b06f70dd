import { createHash } from 'node:crypto';

/** The pod a local attempt pretends to be, as seen through the Kubernetes downward API. */
export interface LocalPod {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly nodeName: string;
}

/** Namespace reported for `metadata.namespace` (Kubernetes' default namespace; there is none locally). */
export const LOCAL_NAMESPACE = 'default';
/** Service account reported for `spec.serviceAccountName` (Kubernetes' default account). */
export const LOCAL_SERVICE_ACCOUNT = 'default';
/** Address reported for `status.podIP(s)` and `status.hostIP(s)`: the process shares the host's loopback. */
export const LOCAL_POD_IP = '127.0.0.1';

/** What identifies the attempt's pretend pod. */
export interface LocalPodIdentity {
  readonly pipelineName: string;
  readonly taskName: string;
  readonly runId: string;
  readonly executorLabel: string;
}

/** A pod-like DNS-1123 name `<pipelineName>-<taskName>-<first 8 chars of runId>`, lowercased, at most 63 chars. */
export function localPodName(id: LocalPodIdentity): string {
  const suffix = dnsLabel(id.runId).slice(0, 8) || 'local';
  const stem = dnsLabel(`${id.pipelineName}-${id.taskName}`).slice(0, 63 - suffix.length - 1);
  return `${stem.replace(/-+$/, '')}-${suffix}`.replace(/^-+/, '');
}

/** A stable UUID-shaped id for the pod, derived from run, executor and task (the same on every attempt). */
export function localPodUid(id: LocalPodIdentity): string {
  const hex = createHash('sha256').update(`${id.runId}\0${id.executorLabel}\0${id.taskName}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const KEYED = /^metadata\.(labels|annotations)\['([^']*)'\]$/;

/**
 * The value Kubernetes would put in an env var whose `fieldRef.fieldPath` is `fieldPath`, or undefined
 * when the path is not one the downward API offers to env vars. A label or annotation the pod lacks
 * reads as '' (as in Kubernetes).
 */
export function fieldPathValue(fieldPath: string, pod: LocalPod): string | undefined {
  const keyed = KEYED.exec(fieldPath.trim());
  if (keyed) {
    const map = keyed[1] === 'labels' ? pod.labels : pod.annotations;
    const key = keyed[2] ?? '';
    return Object.hasOwn(map, key) ? (map[key] ?? '') : '';
  }
  switch (fieldPath.trim()) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'metadata.uid':
      return pod.uid;
    case 'spec.nodeName':
      return pod.nodeName;
    case 'spec.serviceAccountName':
      return LOCAL_SERVICE_ACCOUNT;
    case 'status.podIP':
    case 'status.podIPs':
    case 'status.hostIP':
    case 'status.hostIPs':
      return LOCAL_POD_IP;
    default:
      return undefined;
  }
}

/** The field paths `fieldPathValue` understands, for error messages. */
export const SUPPORTED_FIELD_PATHS: readonly string[] = [
  "metadata.labels['KEY']",
  "metadata.annotations['KEY']",
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.podIP',
  'status.podIPs',
  'status.hostIP',
  'status.hostIPs',
];

function dnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-');
}
