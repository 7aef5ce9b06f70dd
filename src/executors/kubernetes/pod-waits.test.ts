import { describe, expect, it } from 'vitest';
import { at, CREATED, failed, LIMITS, pod, running, waiting } from './pod-fixtures.js';
import { nextCheckMs, podVerdict } from './pod-verdict.js';

/** A pod the scheduler has said since second 5 it cannot place, with `message`. */
const unschedulable = (message: string) =>
  pod({
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastTransitionTime: new Date(at(5)),
      },
    ],
  });

describe('podVerdict: waits that expire', () => {
  const pulling = pod({
    main: waiting('ImagePullBackOff', 'Back-off pulling image "python:3.111"'),
    skiff: waiting('ContainerCreating', ''),
    created: new Date(CREATED).toISOString(),
  });

  it('waits on an image pull in back-off until imagePullWaitMs after creation, then fails it; nextCheckMs says when', () => {
    expect(podVerdict(pulling, at(60), LIMITS)).toEqual({
      kind: 'waiting',
      why: 'pulling image "python:3.11": ImagePullBackOff: Back-off pulling image "python:3.111"',
    });
    expect(nextCheckMs(pulling, at(60), LIMITS)).toBe(60_000);
    const verdict = failed(podVerdict(pulling, at(121), LIMITS));
    expect(verdict).toMatchObject({ code: 'SKIFF_K8S_IMAGE_PULL', failureKind: 'SYSTEM' });
    expect(verdict?.message).toContain('for 2m1s: ImagePullBackOff');
    expect(nextCheckMs(pulling, at(121), LIMITS)).toBeUndefined();
  });

  it('fails InvalidImageName at once', () => {
    const invalid = pod({
      main: waiting('InvalidImageName', 'couldn\'t parse image reference "Python:3"'),
      skiff: running,
    });
    expect(failed(podVerdict(invalid, at(1), LIMITS))?.code).toBe('SKIFF_K8S_IMAGE_PULL');
  });

  it('fails a missing Secret key (CreateContainerConfigError) after the same wait', () => {
    const config = pod({
      main: waiting('CreateContainerConfigError', 'secret "db-creds" not found'),
      skiff: running,
    });
    expect(podVerdict(config, at(10), LIMITS).kind).toBe('waiting');
    const verdict = failed(podVerdict(config, at(130), LIMITS));
    expect(verdict?.code).toBe('SKIFF_K8S_POD_CONFIG');
    expect(verdict?.message).toContain('secret "db-creds" not found');
  });

  it("fails an unschedulable pod unschedulableWaitMs after the scheduler said so, with the scheduler's message", () => {
    const message = '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.';
    const stuck = unschedulable(message);
    expect(podVerdict(stuck, at(300), LIMITS)).toEqual({
      kind: 'waiting',
      why: `scheduling: Unschedulable: ${message}`,
    });
    expect(nextCheckMs(stuck, at(300), LIMITS)).toBe(305_000);
    const verdict = failed(podVerdict(stuck, at(605), LIMITS));
    expect(verdict).toMatchObject({ code: 'SKIFF_K8S_UNSCHEDULABLE', failureKind: 'SYSTEM' });
    expect(verdict?.message).toContain(message);
  });

  it('fails a pod mounting a claim that does not exist after the short wait, as a setting to correct', () => {
    const message = '0/1 nodes are available: persistentvolumeclaim "no-such-pvc" not found.';
    const stuck = unschedulable(message);
    expect(podVerdict(stuck, at(60), LIMITS)).toEqual({
      kind: 'waiting',
      why: 'scheduling: PersistentVolumeClaim "no-such-pvc" does not exist',
    });
    // Before, it waited unschedulableWaitMs and was told to lower its resource requests.
    const verdict = failed(podVerdict(stuck, at(126), LIMITS));
    expect(verdict).toMatchObject({ code: 'SKIFF_K8S_POD_CONFIG' });
    expect(verdict?.message).toContain('mounts PersistentVolumeClaim "no-such-pvc"');
    expect(verdict?.message).toContain('kubernetes.mount_pvc');
  });

  it('has no next check for a pod that only events can change', () => {
    expect(
      nextCheckMs(pod({ phase: 'Running', main: running, skiff: running }), at(9), LIMITS),
    ).toBeUndefined();
    expect(nextCheckMs(pod({ conditions: [] }), at(1), LIMITS)).toBeUndefined();
  });
});
