// Interim: replaced by the full classification (branch k8s-pod).
import type { V1Pod } from '@kubernetes/client-node';
import type { FailureKind } from '../../errors/index.js';

export type PodVerdict =
  | { readonly kind: 'waiting'; readonly why?: string }
  | { readonly kind: 'running' }
  | { readonly kind: 'main-exited'; readonly exitCode: number }
  | { readonly kind: 'reported'; readonly message: string }
  | {
      readonly kind: 'failed';
      readonly failureKind: FailureKind;
      readonly code: string;
      readonly message: string;
      readonly exitCode: number | null;
    };

export function podVerdict(
  pod: V1Pod,
  _nowMs: number,
  _limits: { imagePullWaitMs: number; unschedulableWaitMs: number },
): PodVerdict {
  const statuses = pod.status?.containerStatuses ?? [];
  const main = statuses.find((s) => s.name === 'main');
  const sidecar = statuses.find((s) => s.name === 'skiff');
  if (sidecar?.state?.terminated?.message)
    return { kind: 'reported', message: sidecar.state.terminated.message };
  const ended = main?.state?.terminated;
  if (ended && ended.exitCode !== 0) {
    return {
      kind: 'failed',
      failureKind: 'USER',
      code: 'SKIFF_K8S_POD_FAILED',
      message: `SKIFF_K8S_POD_FAILED: the container exited with code ${ended.exitCode} (${ended.reason ?? ''})`,
      exitCode: ended.exitCode,
    };
  }
  if (ended) return { kind: 'main-exited', exitCode: 0 };
  if (main?.state?.running) return { kind: 'running' };
  return { kind: 'waiting' };
}

export function nextCheckMs(
  _pod: V1Pod,
  _nowMs: number,
  _limits: { imagePullWaitMs: number; unschedulableWaitMs: number },
): number | null {
  return null;
}
