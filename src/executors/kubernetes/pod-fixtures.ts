import type { V1ContainerState, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { PodVerdict } from './pod-verdict.js';

// Pods as client-node deserializes kubelet 1.20 statuses, for the podVerdict tests.

/** When the test pods were created (ms). */
export const CREATED = Date.parse('2026-12-07T10:00:00Z');
/** Two minutes for image pulls and config errors, ten for scheduling. */
export const LIMITS = { imagePullWaitMs: 120_000, unschedulableWaitMs: 600_000 };
/** `seconds` after the pods were created, in ms. */
export const at = (seconds: number) => CREATED + seconds * 1000;

/** What a test pod differs in. */
export interface PodShape {
  phase?: string;
  reason?: string;
  message?: string;
  main?: V1ContainerState;
  skiff?: V1ContainerState;
  conditions?: V1PodCondition[];
  memoryLimit?: string;
  created?: Date | string;
}

/** A pod as client-node deserializes a kubelet 1.20 status: containers `main` and `skiff`. */
export function pod(shape: PodShape): V1Pod {
  const status = (name: string, state: V1ContainerState | undefined) => ({
    name,
    image: name === 'main' ? 'python:3.11' : 'ghcr.io/skiff/sidecar:1',
    imageID: '',
    ready: state?.running !== undefined,
    restartCount: 0,
    state: state ?? { waiting: { reason: 'ContainerCreating' } },
  });
  return {
    metadata: {
      name: 'run-1-train-a1',
      namespace: 'ml',
      creationTimestamp: (shape.created ?? new Date(CREATED)) as Date,
    },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'python:3.11',
          ...(shape.memoryLimit ? { resources: { limits: { memory: shape.memoryLimit } } } : {}),
        },
        { name: 'skiff', image: 'ghcr.io/skiff/sidecar:1' },
      ],
      activeDeadlineSeconds: 600,
    },
    status: {
      phase: shape.phase ?? 'Pending',
      ...(shape.reason ? { reason: shape.reason } : {}),
      ...(shape.message ? { message: shape.message } : {}),
      conditions: shape.conditions ?? [{ type: 'PodScheduled', status: 'True' }],
      ...(shape.main || shape.skiff
        ? { containerStatuses: [status('main', shape.main), status('skiff', shape.skiff)] }
        : {}),
    },
  };
}

/** A running container state. */
export const running: V1ContainerState = { running: { startedAt: new Date(at(5)) } };
/** A terminated container state. */
export const exited = (exitCode: number, reason: string, message?: string): V1ContainerState => ({
  terminated: { exitCode, reason, ...(message ? { message } : {}) },
});
/** A waiting container state. */
export const waiting = (reason: string, message: string): V1ContainerState => ({
  waiting: { reason, message },
});
/** The verdict when it is a failure, else undefined. */
export const failed = (verdict: PodVerdict) => (verdict.kind === 'failed' ? verdict : undefined);
