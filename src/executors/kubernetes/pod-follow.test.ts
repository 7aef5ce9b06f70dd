import { describe, expect, it } from 'vitest';
import { exited, pod, running, waiting } from './pod-fixtures.js';
import { keepsFailedPod } from './pod-follow.js';

describe('keepsFailedPod', () => {
  it('keeps the ended pod of a failed attempt for inspection', () => {
    expect(
      keepsFailedPod(pod({ phase: 'Failed', main: exited(3, 'Error'), skiff: exited(0, 'Completed') })),
    ).toBe(true);
  });

  it('does not keep a pod whose sidecar still runs after its main container could not start', () => {
    // Before, such a pod (phase Running) was kept: its sidecar waited for main's end for good.
    const stuck = pod({ phase: 'Running', main: exited(128, 'StartError'), skiff: running });
    expect(keepsFailedPod(stuck)).toBe(false);
  });

  it('does not keep a pod that never ran: it could still start beside the retry', () => {
    expect(
      keepsFailedPod(
        pod({ main: waiting('ImagePullBackOff', 'x'), skiff: waiting('ContainerCreating', '') }),
      ),
    ).toBe(false);
  });
});
