import type { V1Pod } from '@kubernetes/client-node';
import type { PodWarning } from './kube-api.js';
import { type PodFailure, podFailure } from './pod-failure.js';
import { durationText, timeMs } from './pod-status.js';

/** Warning reasons of a volume the kubelet cannot attach or mount (it keeps trying, with back-off). */
const MOUNT_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume']);
/** How often the events of a pod whose containers are still being created are read again. */
export const MOUNT_CHECK_MS = 15_000;

/**
 * When a scheduled pod began having its containers created, while they still are (its volumes are
 * mounted then, and its images pulled): undefined when the pod is in any other state. Pod status
 * says nothing of a mount that keeps failing; only the pod's events do.
 */
export function creatingSinceMs(pod: V1Pod): number | undefined {
  if (pod.status?.phase !== 'Pending') return undefined;
  const scheduled = pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  if (scheduled === undefined) return undefined;
  const statuses = pod.status.containerStatuses ?? [];
  const creating =
    statuses.length === 0 ||
    statuses.every(
      (s) =>
        s.state?.waiting?.reason === 'ContainerCreating' || s.state?.waiting?.reason === 'PodInitializing',
    );
  if (!creating) return undefined;
  return timeMs(scheduled.lastTransitionTime) ?? timeMs(pod.metadata?.creationTimestamp);
}

/**
 * The attempt's failure when a volume of the pod has failed to mount for `limitMs` (SYSTEM,
 * SKIFF_K8S_POD_START, quoting Kubernetes' latest message); undefined while it has not, or when the
 * pod is only pulling its images.
 */
export function mountFailure(
  pod: V1Pod,
  warnings: readonly PodWarning[],
  nowMs: number,
  limitMs: number,
): PodFailure | undefined {
  const mounts = warnings.filter((w) => MOUNT_REASONS.has(w.reason));
  if (mounts.length === 0) return undefined;
  const firstMs = Math.min(...mounts.map((w) => w.firstMs));
  if (nowMs - firstMs < limitMs) return undefined;
  const latest = mounts.reduce((a, b) => (b.lastMs > a.lastMs ? b : a));
  return podFailure(
    'SKIFF_K8S_POD_START',
    `pod ${pod.metadata?.name ?? '(unnamed)'}: its volumes could not be mounted for ${durationText(nowMs - firstMs)}: ${latest.reason}: ${latest.message.trim()}`,
  );
}

/**
 * The attempt's failure when the pod's containers have been in the making for `limitMs` and its
 * events, which would say why, cannot be read (`unreadable`: the error reading them, e.g. 403 for
 * want of `events list`): without it such a pod would be waited for without end.
 */
export function blindStartFailure(
  pod: V1Pod,
  nowMs: number,
  limitMs: number,
  unreadable: unknown,
): PodFailure | undefined {
  const sinceMs = creatingSinceMs(pod);
  if (sinceMs === undefined || nowMs - sinceMs < limitMs) return undefined;
  const why = unreadable instanceof Error ? unreadable.message : String(unreadable);
  return podFailure(
    'SKIFF_K8S_POD_START',
    `pod ${pod.metadata?.name ?? '(unnamed)'}: its containers have not been made in ${durationText(nowMs - sinceMs)}, and its events, which would say why (a volume that cannot be mounted?), cannot be read: ${why}; grant \`events list\` in the namespace (deploy/base/role.yaml; \`skiff doctor\` checks it)`,
  );
}
