import type { V1Pod } from '@kubernetes/client-node';
import { type PodFailure, podFailure } from './pod-failure.js';
import { allStatuses, durationText, imageOf, reasonText, timeMs, unschedulable } from './pod-status.js';

/** How long a pod may wait in a state that may still resolve itself before the attempt fails. */
export interface PodWaitLimits {
  /** For image pulls in back-off and container config errors (a Secret created late), from the pod's creation. */
  readonly imagePullWaitMs: number;
  /** For a pod no node can take (an autoscaler may add one), from when the scheduler said so. */
  readonly unschedulableWaitMs: number;
}

/** A waiting state that turns into `failure` at `atMs`, and what to show until then. */
export interface TimedWait {
  /** When the wait began (ms since the epoch). */
  readonly sinceMs: number;
  /** When it turns into a failure. */
  readonly atMs: number;
  readonly why: string;
  readonly failure: (waitedMs: number) => PodFailure;
}

/** Image pull reasons the kubelet retries (with back-off). */
const PULL_RETRIED = new Set(['ErrImagePull', 'ImagePullBackOff', 'RegistryUnavailable']);
/** Image pull reasons no retry can fix. */
const PULL_FINAL = new Set(['InvalidImageName', 'ErrImageNeverPull']);

/** A failure no waiting can fix, seen in a waiting container: an invalid image name, or a pull the policy forbids. */
export function finalWaitFailure(pod: V1Pod): PodFailure | undefined {
  for (const status of allStatuses(pod)) {
    const waiting = status.state?.waiting;
    if (waiting?.reason !== undefined && PULL_FINAL.has(waiting.reason)) {
      return podFailure(
        'SKIFF_K8S_IMAGE_PULL',
        `pod ${podName(pod)}: image "${imageOf(pod, status.name)}" of container "${status.name}" cannot be pulled: ${reasonText(waiting.reason, waiting.message)}`,
      );
    }
  }
  return undefined;
}

/** The waits the pod is in now, each with the time it turns into a failure. */
export function timedWaits(pod: V1Pod, limits: PodWaitLimits, nowMs: number): TimedWait[] {
  const createdMs = timeMs(pod.metadata?.creationTimestamp) ?? nowMs;
  const waits: TimedWait[] = [];
  for (const status of allStatuses(pod)) {
    const waiting = status.state?.waiting;
    const reason = waiting?.reason;
    if (reason === undefined) continue;
    const quoted = reasonText(reason, waiting?.message);
    const where = `pod ${podName(pod)}: container "${status.name}"`;
    if (PULL_RETRIED.has(reason)) {
      const image = imageOf(pod, status.name);
      waits.push({
        sinceMs: createdMs,
        atMs: createdMs + limits.imagePullWaitMs,
        why: `pulling image "${image}": ${quoted}`,
        failure: (ms) =>
          podFailure(
            'SKIFF_K8S_IMAGE_PULL',
            `${where} could not pull image "${image}" for ${durationText(ms)}: ${quoted}`,
          ),
      });
    } else if (reason === 'CreateContainerConfigError' || reason === 'CreateContainerError') {
      const code = reason === 'CreateContainerConfigError' ? 'SKIFF_K8S_POD_CONFIG' : 'SKIFF_K8S_POD_START';
      waits.push({
        sinceMs: createdMs,
        atMs: createdMs + limits.imagePullWaitMs,
        why: `creating container "${status.name}": ${quoted}`,
        failure: (ms) => podFailure(code, `${where} could not be created for ${durationText(ms)}: ${quoted}`),
      });
    }
  }
  const condition = unschedulable(pod);
  // A claim that does not exist is a setting to correct, not a node to wait for.
  const claim = /persistentvolumeclaim "([^"]+)" not found/.exec(condition?.message ?? '')?.[1];
  if (condition && claim !== undefined) {
    const sinceMs = timeMs(condition.lastTransitionTime) ?? createdMs;
    waits.push({
      sinceMs,
      atMs: sinceMs + limits.imagePullWaitMs,
      why: `scheduling: PersistentVolumeClaim "${claim}" does not exist`,
      failure: (ms) =>
        podFailure(
          'SKIFF_K8S_POD_CONFIG',
          `pod ${podName(pod)} mounts PersistentVolumeClaim "${claim}", which has not existed in its namespace for ${durationText(ms)}`,
          null,
          `Create the claim in the namespace of the run, or correct its name where the pipeline mounts it (kubernetes.mount_pvc of the KFP SDK).`,
        ),
    });
  } else if (condition) {
    const sinceMs = timeMs(condition.lastTransitionTime) ?? createdMs;
    const quoted = reasonText(condition.reason, condition.message);
    waits.push({
      sinceMs,
      atMs: sinceMs + limits.unschedulableWaitMs,
      why: `scheduling: ${quoted}`,
      failure: (ms) =>
        podFailure(
          'SKIFF_K8S_UNSCHEDULABLE',
          `pod ${podName(pod)} found no node for ${durationText(ms)}: ${quoted}`,
        ),
    });
  }
  return waits;
}

/** The pod's namespace/name for messages. */
export function podName(pod: V1Pod): string {
  const name = pod.metadata?.name ?? '?';
  return pod.metadata?.namespace ? `${pod.metadata.namespace}/${name}` : name;
}
