import type { V1Container, V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';

/** The name of the pod's container that runs the component. */
export const MAIN_CONTAINER = 'main';
/** The name of Skiff's sidecar, which writes the attempt's outcome to its termination message. */
export const SIDECAR_CONTAINER = 'skiff';

/** A timestamp as client-node gives it (a Date) or as raw JSON has it (an RFC 3339 string), in ms; undefined if unreadable. */
export function timeMs(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The status of container `name` (init containers included). */
export function containerStatus(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  return allStatuses(pod).find((status) => status.name === name);
}

/** Every container status of the pod, init containers first. */
export function allStatuses(pod: V1Pod): V1ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** The spec of container `name` (init containers included). */
export function containerSpec(pod: V1Pod, name: string): V1Container | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === name);
}

/** The image of container `name`, from its spec or else its status. */
export function imageOf(pod: V1Pod, name: string): string {
  return containerSpec(pod, name)?.image ?? containerStatus(pod, name)?.image ?? '?';
}

/** The pod's PodScheduled condition when it is False because no node fits. */
export function unschedulable(pod: V1Pod): V1PodCondition | undefined {
  return pod.status?.conditions?.find(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
}

/** True when the PodScheduled condition is True. */
export function isScheduled(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'True') ?? false;
}

/** `reason: message`, or just the reason, for messages; `kubelet` quoted verbatim. */
export function reasonText(reason: string | undefined, message: string | undefined): string {
  const why = reason ?? 'no reason given';
  return message ? `${why}: ${message.trim()}` : why;
}

/** A duration for messages: "45s", "5m", "5m30s". */
export function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes === 0) return `${seconds}s`;
  return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
}
