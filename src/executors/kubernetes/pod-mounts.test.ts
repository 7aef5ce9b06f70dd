import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { at, CREATED, pod } from './pod-fixtures.js';
import { blindStartFailure, creatingSinceMs, mountFailure } from './pod-mounts.js';

const creating = { waiting: { reason: 'ContainerCreating' } };
const scheduledAt = (seconds: number) => [
  { type: 'PodScheduled', status: 'True', lastTransitionTime: new Date(at(seconds)) },
];
const warning = (reason: string, firstSeconds: number, lastSeconds: number, message = 'boom') => ({
  reason,
  message,
  firstMs: at(firstSeconds),
  lastMs: at(lastSeconds),
  count: 3,
});

describe('a volume that keeps failing to mount', () => {
  it('is looked for while a scheduled pod still has its containers created, from when it was scheduled', () => {
    expect(creatingSinceMs(pod({ main: creating, skiff: creating, conditions: scheduledAt(5) }))).toBe(at(5));
    expect(creatingSinceMs(pod({ conditions: scheduledAt(5) }))).toBe(at(5)); // no statuses yet
    // Not scheduled, started, or pulling in back-off: the other waits cover those.
    expect(creatingSinceMs(pod({ conditions: [] }))).toBeUndefined();
    expect(
      creatingSinceMs(pod({ main: creating, skiff: { running: {} }, conditions: scheduledAt(5) })),
    ).toBeUndefined();
    expect(
      creatingSinceMs(
        pod({
          main: { waiting: { reason: 'ImagePullBackOff' } },
          skiff: creating,
          conditions: scheduledAt(5),
        }),
      ),
    ).toBeUndefined();
    expect(creatingSinceMs(pod({ phase: 'Running', conditions: scheduledAt(5) }))).toBeUndefined();
  });

  it('fails the attempt (SYSTEM, quoting the latest message) once it has failed for the limit', () => {
    const stuck: V1Pod = pod({ main: creating, skiff: creating, conditions: scheduledAt(1) });
    const warnings = [
      warning('FailedMount', 2, 60, 'MountVolume.SetUp failed for volume "data": hostPath type check failed'),
      warning('FailedMount', 10, 130, 'Unable to attach or mount volumes: unmounted volumes=[data]'),
    ];
    expect(mountFailure(stuck, warnings, at(100), 120_000)).toBeUndefined();
    const failure = mountFailure(stuck, warnings, at(130), 120_000);
    expect(failure).toMatchObject({ failureKind: 'SYSTEM', code: 'SKIFF_K8S_POD_START', exitCode: null });
    expect(failure?.message).toContain('could not be mounted for 2m8s');
    expect(failure?.message).toContain('FailedMount: Unable to attach or mount volumes');
  });

  it('is not a pull that takes long, nor a warning of another kind', () => {
    const pulling = pod({ main: creating, skiff: creating, conditions: scheduledAt(1) });
    expect(mountFailure(pulling, [], at(1000), 120_000)).toBeUndefined();
    expect(mountFailure(pulling, [warning('BackOff', 0, 900)], at(1000), 120_000)).toBeUndefined();
    expect(CREATED).toBe(at(0));
  });
});

describe('a pod whose containers are not made while its events cannot be read', () => {
  it('fails the attempt once it has been in the making for the limit, saying why it cannot tell more', () => {
    const stuck = pod({ main: creating, skiff: creating, conditions: scheduledAt(1) });
    const forbidden = new Error('list the events of pod p failed: HTTP 403: events is forbidden');
    expect(blindStartFailure(stuck, at(200), 300_000, forbidden)).toBeUndefined();
    const failure = blindStartFailure(stuck, at(301), 300_000, forbidden);
    expect(failure).toMatchObject({ failureKind: 'SYSTEM', code: 'SKIFF_K8S_POD_START' });
    expect(failure?.message).toContain('have not been made in 5m');
    expect(failure?.message).toContain('HTTP 403: events is forbidden');
    expect(failure?.message).toContain('events list');
    // A pod that has started is not waited for this way.
    expect(
      blindStartFailure(pod({ phase: 'Running', conditions: scheduledAt(1) }), at(999), 1, forbidden),
    ).toBeUndefined();
  });
});
