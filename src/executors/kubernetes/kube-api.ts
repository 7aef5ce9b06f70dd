import type { Writable } from 'node:stream';
import type { V1PersistentVolumeClaim, V1Pod, V1PodList, V1Secret } from '@kubernetes/client-node';

/** What the Kubernetes executor asks of the cluster (the client-node adapter implements it). */
export interface KubeApi {
  /** Create a pod; resolves to null when one of that name exists already (an earlier server made it). */
  createPod(namespace: string, pod: V1Pod): Promise<V1Pod | null>;
  /** Read a pod; null when there is none. */
  readPod(namespace: string, name: string): Promise<V1Pod | null>;
  /** Delete a pod (no error when it is gone). */
  deletePod(namespace: string, name: string, gracePeriodSeconds?: number): Promise<void>;
  listPods(namespace: string, labelSelector: string): Promise<V1PodList>;
  /** A container's whole log as the kubelet keeps it; null when the pod or its log is gone. */
  readLog(namespace: string, pod: string, container: string): Promise<string | null>;
  /** Follow a container's log into `out` from its start; resolves to a function that stops it. */
  followLog(namespace: string, pod: string, container: string, out: Writable): Promise<() => void>;
  /** Create the Secret, or replace its data when it differs. */
  applySecret(secret: V1Secret & { metadata: { name: string; namespace: string } }): Promise<void>;
  /** Create a PVC; null when one of that name exists already. */
  createPvc(namespace: string, pvc: V1PersistentVolumeClaim): Promise<V1PersistentVolumeClaim | null>;
  /** Delete a PVC (no error when it is gone). */
  deletePvc(namespace: string, name: string): Promise<void>;
  /** The Warning events recorded for a pod (a volume that cannot be mounted, ...). */
  podWarnings(namespace: string, pod: string): Promise<readonly PodWarning[]>;
  /** Watch the pods of `namespace` matching `labelSelector` (list, then watch from its resource version). */
  watchPods(namespace: string, labelSelector: string, handlers: PodWatchHandlers): PodWatchHandle;
  /** The API server's version (GET /version). */
  version(): Promise<{ readonly gitVersion: string; readonly platform?: string }>;
  /** Whether namespace `name` exists; `unknown` when this identity may not read namespaces (403). */
  readNamespace(name: string): Promise<NamespaceState>;
  /** May this identity do `access` (a SelfSubjectAccessReview)? */
  accessReview(access: ResourceAccess): Promise<AccessReviewResult>;
  /** Where this client talks to (server URL), for messages. */
  readonly server: string;
}

/** A Warning event of a pod: its reason and message, when it was first and last seen (ms), how often. */
export interface PodWarning {
  readonly reason: string;
  readonly message: string;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly count: number;
}

/** What reading a namespace found. */
export type NamespaceState =
  | { readonly state: 'exists' | 'missing' }
  | { readonly state: 'unknown'; readonly reason: string };

/** One verb on one resource (and subresource) in a namespace, optionally on one named object. */
export interface ResourceAccess {
  readonly namespace: string;
  /** The API group; "" (the core group) by default. */
  readonly group?: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly verb: string;
  readonly name?: string;
}

/** The answer of a SelfSubjectAccessReview. */
export interface AccessReviewResult {
  readonly allowed: boolean;
  /** The authorizer's reason, when it gave one. */
  readonly reason?: string;
}

/** What a pod watch reports: the current object on each change, deletions, and failures of the watch itself. */
export interface PodWatchHandlers {
  onPod(pod: V1Pod): void;
  onDeleted(pod: V1Pod): void;
  /** The watch stopped with an error; it is restarted after a back-off by the caller. */
  onError(error: unknown): void;
  /** The watch (re)connected. */
  onConnect?(): void;
}

/** A running watch. */
export interface PodWatchHandle {
  /** Start (again) from the last resource version seen; a list when there is none or it is too old (410). */
  start(): Promise<void>;
  stop(): Promise<void>;
}
