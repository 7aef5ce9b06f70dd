import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../engine/index.js';
import type { KubeApi } from './kube-api.js';
import { MANAGED_BY_SKIFF } from './pod-spec.js';

/**
 * A pod is swept only this long after it ended at the least, whatever keepFailedPodsSeconds says:
 * the live process that made it reads its outcome from it within seconds, and must find it there.
 */
export const SWEEP_MIN_AGE_MS = 10 * 60_000;

/**
 * Delete the task pods of the namespace that ended more than `keepMs` ago (SWEEP_MIN_AGE_MS at the
 * least): failed pods are kept that long for inspection by the process that made them, but a
 * `skiff run` usually ends first (and a server may be stopped), so runners also remove those whose
 * time is up. Pods still running are left alone. Resolves to how many it deleted.
 */
export async function deleteEndedPods(
  api: KubeApi,
  namespace: string,
  keepMs: number,
  log: Logger,
  nowMs = Date.now(),
): Promise<number> {
  const listed = await api.listPods(namespace, MANAGED_BY_SKIFF);
  const due = listed.items.filter((pod) => {
    const endedMs = endedAtMs(pod);
    return endedMs !== undefined && nowMs - endedMs >= Math.max(keepMs, SWEEP_MIN_AGE_MS);
  });
  for (const pod of due) {
    const name = pod.metadata?.name;
    if (name !== undefined) await api.deletePod(namespace, name).catch(() => {});
  }
  if (due.length > 0)
    log.info({ namespace, pods: due.length }, 'deleted task pods kept past keepFailedPodsSeconds');
  return due.length;
}

/** When the pod's last container ended, for a pod that has ended (phase Succeeded or Failed). */
export function endedAtMs(pod: V1Pod): number | undefined {
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') return undefined;
  const ends = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    .map((status) => status.state?.terminated?.finishedAt)
    .filter((at) => at !== undefined)
    .map((at) => new Date(at).getTime());
  const fallback = pod.status?.startTime ?? pod.metadata?.creationTimestamp;
  if (ends.length === 0) return fallback === undefined ? undefined : new Date(fallback).getTime();
  return Math.max(...ends);
}
