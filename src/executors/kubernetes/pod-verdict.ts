import type { V1ContainerStateTerminated, V1Pod } from '@kubernetes/client-node';
import { type PodFailure, podFailure } from './pod-failure.js';
import {
  containerSpec,
  containerStatus,
  imageOf,
  isScheduled,
  MAIN_CONTAINER,
  reasonText,
  SIDECAR_CONTAINER,
} from './pod-status.js';
import { finalWaitFailure, type PodWaitLimits, podName, timedWaits } from './pod-waits.js';

export type { PodFailure } from './pod-failure.js';
export { MAIN_CONTAINER, SIDECAR_CONTAINER } from './pod-status.js';
export type { PodWaitLimits } from './pod-waits.js';

/** What an attempt's pod says now: still waiting or running, main done, the sidecar's report, or how it failed. */
export type PodVerdict =
  | { readonly kind: 'waiting'; readonly why?: string }
  | { readonly kind: 'running' }
  /** Main exited 0; the sidecar is still uploading outputs and the log. */
  | { readonly kind: 'main-exited'; readonly exitCode: number }
  /** The sidecar ended with a termination message (the attempt's outcome as JSON): the caller parses it. */
  | { readonly kind: 'reported'; readonly message: string }
  | PodFailure;

const START_ERRORS = new Set(['StartError', 'ContainerCannotRun']);
const NO_SHELL_REFERENCE = /\/bin\/sh\b|exec: \\?"sh\\?"/;
const NOT_FOUND = /no such file or directory|executable file not found|not found/i;

/**
 * Reads an attempt's pod (containers `main` and `skiff`) the way kubelet statuses report it. A failure
 * Kubernetes may still fix on its own (an image pull in back-off, a missing Secret, no node yet) stays
 * `waiting` until it has lasted longer than `limits` allow; `nextCheckMs` says when that will be.
 */
export function podVerdict(pod: V1Pod, nowMs: number, limits: PodWaitLimits): PodVerdict {
  const ended = endedVerdict(pod);
  if (ended) return ended;
  const final = finalWaitFailure(pod);
  if (final) return final;
  const waits = timedWaits(pod, limits, nowMs);
  const expired = waits.find((wait) => nowMs >= wait.atMs);
  if (expired) return expired.failure(nowMs - expired.sinceMs);
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return lostVerdict(pod);
  const main = containerStatus(pod, MAIN_CONTAINER)?.state;
  if (phase === 'Running' && main?.running) return { kind: 'running' };
  const why = waits[0]?.why ?? waitingWhy(pod);
  return why === undefined ? { kind: 'waiting' } : { kind: 'waiting', why };
}

/** Milliseconds until `podVerdict` can change with time alone (a wait expiring), or undefined when only a pod event can change it. */
export function nextCheckMs(pod: V1Pod, nowMs: number, limits: PodWaitLimits): number | undefined {
  if (podVerdict(pod, nowMs, limits).kind !== 'waiting') return undefined;
  const pending = timedWaits(pod, limits, nowMs).map((wait) => wait.atMs - nowMs);
  return pending.length === 0 ? undefined : Math.max(0, Math.min(...pending));
}

/** Verdicts that no later event changes: a deadline, an eviction, main failing, the sidecar ending, main done. */
function endedVerdict(pod: V1Pod): PodVerdict | undefined {
  const status = pod.status;
  const quoted = reasonText(status?.reason, status?.message);
  if (status?.reason === 'DeadlineExceeded') {
    const seconds = pod.spec?.activeDeadlineSeconds;
    const limit = seconds === undefined ? '' : ` of ${seconds}s (activeDeadlineSeconds)`;
    return podFailure(
      'SKIFF_K8S_DEADLINE',
      `pod ${podName(pod)} ran past its deadline${limit} and was stopped: ${quoted}`,
    );
  }
  if (status?.reason === 'Evicted') {
    return podFailure('SKIFF_K8S_EVICTED', `pod ${podName(pod)} was evicted by the kubelet: ${quoted}`);
  }
  const main = containerStatus(pod, MAIN_CONTAINER)?.state?.terminated;
  const mainFailure = main ? mainFailed(pod, main) : undefined;
  if (mainFailure) return mainFailure;
  const sidecar = containerStatus(pod, SIDECAR_CONTAINER)?.state?.terminated;
  if (sidecar) return sidecarEnded(pod, sidecar, main);
  if (main) return { kind: 'main-exited', exitCode: main.exitCode };
  return undefined;
}

function mainFailed(pod: V1Pod, main: V1ContainerStateTerminated): PodFailure | undefined {
  const where = `pod ${podName(pod)}: container "${MAIN_CONTAINER}"`;
  const quoted = reasonText(main.reason, main.message);
  if (main.reason === 'OOMKilled') {
    const limit = containerSpec(pod, MAIN_CONTAINER)?.resources?.limits?.memory;
    const what = limit
      ? `used more memory than its limit of ${limit} and was killed`
      : 'was killed for want of memory (it has no memory limit: the node ran out)';
    return podFailure(
      'SKIFF_K8S_OOM_KILLED',
      `${where} ${what} (OOMKilled, exit code ${main.exitCode})`,
      main.exitCode,
    );
  }
  if (main.reason !== undefined && START_ERRORS.has(main.reason)) {
    const message = main.message ?? '';
    if (NO_SHELL_REFERENCE.test(message) && NOT_FOUND.test(message)) {
      const image = imageOf(pod, MAIN_CONTAINER);
      return podFailure(
        'SKIFF_K8S_NO_SHELL',
        `image ${image} has no /bin/sh; Skiff's pod wrapper needs one: use an image with a shell (${where}: ${quoted})`,
        main.exitCode,
      );
    }
    return podFailure('SKIFF_K8S_POD_START', `${where} could not start: ${quoted}`, main.exitCode);
  }
  if (main.exitCode !== 0) {
    return podFailure(
      'SKIFF_K8S_POD_FAILED',
      `${where} exited with code ${main.exitCode} (${quoted})`,
      main.exitCode,
    );
  }
  return undefined;
}

function sidecarEnded(
  pod: V1Pod,
  sidecar: V1ContainerStateTerminated,
  main: V1ContainerStateTerminated | undefined,
): PodVerdict {
  const message = sidecar.message?.trim();
  if (message) return { kind: 'reported', message };
  return podFailure(
    'SKIFF_K8S_SIDECAR',
    `pod ${podName(pod)}: Skiff's sidecar "${SIDECAR_CONTAINER}" ended with code ${sidecar.exitCode} and no report (${reasonText(sidecar.reason, sidecar.message)})`,
    main?.exitCode ?? null,
  );
}

/** A pod that ended with neither a main exit code nor a sidecar report (deleted, node lost, rejected by the kubelet). */
function lostVerdict(pod: V1Pod): PodFailure {
  const node = pod.spec?.nodeName ? ` on node ${pod.spec.nodeName}` : '';
  return podFailure(
    'SKIFF_K8S_POD_LOST',
    `pod ${podName(pod)}${node} is ${pod.status?.phase} without an exit code or a report: ${reasonText(pod.status?.reason, pod.status?.message)}`,
  );
}

/** Why a pending pod waits, for progress display. */
function waitingWhy(pod: V1Pod): string | undefined {
  if (pod.status?.phase === 'Unknown')
    return `node not reporting: ${reasonText(pod.status.reason, pod.status.message)}`;
  const waiting = containerStatus(pod, MAIN_CONTAINER)?.state?.waiting;
  if (waiting) return reasonText(waiting.reason, waiting.message);
  return isScheduled(pod) ? 'creating containers' : 'scheduling';
}
