import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import type { AttemptOutcome, AttemptRequest } from '../../engine/ports.js';
import { ERROR_CODES } from '../../errors/index.js';
import { failure, failureFromError } from '../../launcher/attempt-failure.js';
import { liveLogPathOf } from '../../launcher/attempt-layout.js';
import type { AttemptLogs } from './attempt-logs.js';
import type { KubeApi } from './kube-api.js';
import { asOutcome, canceled } from './outcomes.js';
import { blindStartFailure, creatingSinceMs, MOUNT_CHECK_MS, mountFailure } from './pod-mounts.js';
import { isBarePod } from './pod-spec.js';
import { nextCheckMs, type PodVerdict, type PodWaitLimits, podVerdict } from './pod-verdict.js';
import type { PodWatcher } from './pod-watcher.js';

/** How long a failed main container's sidecar may take to store the log and report. */
const SIDECAR_REPORT_WAIT_MS = 30_000;

/** What following a pod needs (one set per runner). */
export interface FollowDeps {
  readonly api: KubeApi;
  readonly namespace: string;
  readonly watcher: PodWatcher;
  readonly limits: PodWaitLimits;
  readonly logs: AttemptLogs;
  /** `<home>/logs`: the live copies of pod logs. */
  readonly logsDir: string;
  /** Delete an ended pod (a failed one after executor.kubernetes.keepFailedPodsSeconds). */
  removePod(name: string, failed: boolean): void;
}

/**
 * Follow an attempt's pod through the watch to its end, streaming its log meanwhile, and turn its
 * end into the attempt's outcome (see podVerdict); a canceled attempt's pod is deleted at once.
 */
export function followPod(deps: FollowDeps, name: string, request: AttemptRequest): Promise<AttemptOutcome> {
  const { api, namespace, watcher, limits, logs } = deps;
  const { context } = request;
  const liveLog = liveLogPathOf(context, deps.logsDir);
  mkdirSync(path.dirname(liveLog), { recursive: true });
  return new Promise<AttemptOutcome>((resolve) => {
    let stopLog: (() => void) | undefined;
    let logStarted = false;
    let settled = false;
    let pendingFailure: Extract<PodVerdict, { kind: 'failed' }> | undefined;
    let checkTimer: NodeJS.Timeout | undefined;
    let mountTimer: NodeJS.Timeout | undefined;
    let mountWatching = false;
    const finish = (outcome: Promise<AttemptOutcome>) => {
      if (settled) return;
      settled = true;
      unfollow();
      clearTimeout(checkTimer);
      clearTimeout(mountTimer);
      request.signal.removeEventListener('abort', onAbort);
      outcome
        .catch((error: unknown) => asOutcome(failureFromError(error)))
        .then((result) => {
          stopLog?.();
          deps.removePod(name, !result.ok && lastPod !== undefined && keepsFailedPod(lastPod));
          resolve(result);
        });
    };
    const failed = (verdict: Extract<PodVerdict, { kind: 'failed' }>, reported?: string) =>
      finish(
        (async () => {
          const fromPod = reported === undefined ? null : await logs.readOutcome(reported);
          const logUri = fromPod?.logUri ?? (await logs.storeLocalLog(request, liveLog, lastPod));
          return {
            ok: false,
            kind: verdict.failureKind,
            message: verdict.message,
            exitCode: verdict.exitCode,
            logUri,
          } as const;
        })(),
      );
    const deletedByOthers = () =>
      finish(
        (async () => ({
          ...asOutcome(
            failure(
              'SKIFF_K8S_POD_DELETED',
              `pod ${name} in namespace ${namespace} was deleted before the attempt ended; fix: ${ERROR_CODES.SKIFF_K8S_POD_DELETED.fix}`,
            ),
          ),
          logUri: await logs.storeLocalLog(request, liveLog),
        }))(),
      );
    let lastPod: V1Pod | undefined;
    const onPod = (pod: V1Pod) => {
      lastPod = pod;
      // Deleting a pod stops its containers first: their exit must not read as the task's own failure.
      if (pod.metadata?.deletionTimestamp && !request.signal.aborted && !podEnded(pod))
        return deletedByOthers();
      const verdict = podVerdict(pod, Date.now(), limits);
      if (!logStarted && started(pod, logContainer(pod))) {
        logStarted = true;
        api
          .followLog(namespace, name, logContainer(pod), createWriteStream(liveLog))
          .then((stop) => {
            if (settled) stop();
            else stopLog = stop;
          })
          .catch(() => {});
      }
      clearTimeout(checkTimer);
      switch (verdict.kind) {
        case 'main-exited':
          if (isBarePod(pod)) return finish(logs.bareSucceeded(request, liveLog, pod));
          return;
        case 'reported':
          if (pendingFailure) return failed(pendingFailure, verdict.message);
          return finish(logs.reportedOutcome(verdict.message, request, liveLog));
        case 'failed':
          if (sidecarRunning(pod) && pendingFailure === undefined) {
            pendingFailure = verdict;
            checkTimer = setTimeout(() => failed(verdict), SIDECAR_REPORT_WAIT_MS);
            return;
          }
          // Both containers may end in one status update: the sidecar's report (with its stored log) is there.
          return failed(verdict, sidecarReport(pod));
        default: {
          const waitMs = nextCheckMs(pod, Date.now(), limits);
          if (waitMs !== undefined)
            checkTimer = setTimeout(() => onPod(watcher.pod(name) ?? pod), waitMs + 10);
          watchMounts(pod);
        }
      }
    };
    // While its containers are being created, a volume that keeps failing to mount shows only in the
    // pod's events: read them once the pull wait is over, then every MOUNT_CHECK_MS.
    const watchMounts = (pod: V1Pod) => {
      const sinceMs = creatingSinceMs(pod);
      if (sinceMs === undefined || mountWatching) return;
      mountWatching = true;
      const check = async () => {
        const now = watcher.pod(name) ?? lastPod ?? pod;
        if (settled || creatingSinceMs(now) === undefined) {
          mountWatching = false;
          return;
        }
        let unreadable: unknown;
        const warnings = await api.podWarnings(namespace, name).catch((error: unknown) => {
          unreadable = error;
          return [];
        });
        if (settled) return;
        const failure =
          mountFailure(now, warnings, Date.now(), limits.imagePullWaitMs) ??
          (unreadable === undefined
            ? undefined
            : blindStartFailure(now, Date.now(), limits.unschedulableWaitMs, unreadable));
        if (failure) return failed(failure);
        mountTimer = setTimeout(check, MOUNT_CHECK_MS);
      };
      mountTimer = setTimeout(check, Math.max(0, sinceMs + limits.imagePullWaitMs - Date.now()));
    };
    const unfollow = watcher.follow(name, (event) => {
      if (event.kind === 'pod') onPod(event.pod);
      else if (!request.signal.aborted) deletedByOthers();
    });
    const onAbort = () => {
      finish(
        api.deletePod(namespace, name, 0).then(
          async () => canceled(await logs.storeLocalLog(request, liveLog)),
          async () => canceled(await logs.storeLocalLog(request, liveLog)),
        ),
      );
    };
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The container whose stdout carries the attempt's log: the sidecar's copy, or main's own in a pod without sidecar. */
function logContainer(pod: V1Pod): string {
  return isBarePod(pod) ? 'main' : 'skiff';
}

function started(pod: V1Pod, container: string): boolean {
  const state = pod.status?.containerStatuses?.find((s) => s.name === container)?.state;
  return state?.running !== undefined || state?.terminated !== undefined;
}

/**
 * Whether the pod of a failed attempt is kept a while to inspect: not when it never ran (it could
 * still start later beside the retry), nor when it has not ended (a sidecar left waiting for a
 * main container that could not start would hold the pod's resources for good).
 */
export function keepsFailedPod(pod: V1Pod): boolean {
  return everStarted(pod) && podEnded(pod);
}

/** True when a container of the pod has run (it is running or has ended). */
function everStarted(pod: V1Pod): boolean {
  return (pod.status?.containerStatuses ?? []).some(
    (status) => status.state?.running !== undefined || status.state?.terminated !== undefined,
  );
}

function sidecarRunning(pod: V1Pod): boolean {
  return pod.status?.containerStatuses?.find((s) => s.name === 'skiff')?.state?.running !== undefined;
}

/** True when the pod had ended (phase Succeeded or Failed) before anyone deleted it. */
function podEnded(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The sidecar's termination message, when it ended with one. */
function sidecarReport(pod: V1Pod): string | undefined {
  const message = pod.status?.containerStatuses?.find((s) => s.name === 'skiff')?.state?.terminated?.message;
  return message?.trim() ? message : undefined;
}
