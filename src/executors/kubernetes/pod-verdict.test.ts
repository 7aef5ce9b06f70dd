import { describe, expect, it } from 'vitest';
import { at, exited, failed, LIMITS, pod, running, waiting } from './pod-fixtures.js';
import { podVerdict } from './pod-verdict.js';

describe('podVerdict: progress', () => {
  it('says waiting while scheduling and creating, running while main runs, main-exited while the sidecar uploads', () => {
    expect(podVerdict(pod({ conditions: [] }), at(1), LIMITS)).toEqual({
      kind: 'waiting',
      why: 'scheduling',
    });
    expect(
      podVerdict(pod({ main: waiting('ContainerCreating', ''), skiff: running }), at(2), LIMITS),
    ).toEqual({
      kind: 'waiting',
      why: 'ContainerCreating',
    });
    expect(podVerdict(pod({ phase: 'Running', main: running, skiff: running }), at(9), LIMITS)).toEqual({
      kind: 'running',
    });
    expect(
      podVerdict(pod({ phase: 'Running', main: exited(0, 'Completed'), skiff: running }), at(9), LIMITS),
    ).toEqual({
      kind: 'main-exited',
      exitCode: 0,
    });
  });

  it("hands over the sidecar's termination message", () => {
    const report = '{"outcome":"SUCCEEDED","outputs":{}}';
    const verdict = podVerdict(
      pod({ phase: 'Succeeded', main: exited(0, 'Completed'), skiff: exited(0, 'Completed', `${report}\n`) }),
      at(30),
      LIMITS,
    );
    expect(verdict).toEqual({ kind: 'reported', message: report });
  });
});

describe('podVerdict: failures', () => {
  it('fails a non-zero main exit as USER with the exit code and Kubernetes reason', () => {
    const verdict = failed(
      podVerdict(pod({ phase: 'Running', main: exited(2, 'Error'), skiff: running }), at(9), LIMITS),
    );
    expect(verdict).toMatchObject({ failureKind: 'USER', code: 'SKIFF_K8S_POD_FAILED', exitCode: 2 });
    expect(verdict?.message).toMatch(/^SKIFF_K8S_POD_FAILED: .*exited with code 2 \(Error\)/);
  });

  it('tells OOMKilled from a plain exit 137 by the reason, and names the memory limit', () => {
    const oom = failed(
      podVerdict(
        pod({ phase: 'Running', main: exited(137, 'OOMKilled'), skiff: running, memoryLimit: '512Mi' }),
        at(9),
        LIMITS,
      ),
    );
    expect(oom).toMatchObject({ failureKind: 'SYSTEM', code: 'SKIFF_K8S_OOM_KILLED', exitCode: 137 });
    expect(oom?.message).toContain('limit of 512Mi');
    const killed = failed(
      podVerdict(pod({ phase: 'Running', main: exited(137, 'Error'), skiff: running }), at(9), LIMITS),
    );
    expect(killed?.code).toBe('SKIFF_K8S_POD_FAILED');
  });

  it('fails an eviction and a deadline with the kubelet message', () => {
    const evicted = failed(
      podVerdict(
        pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
        at(60),
        LIMITS,
      ),
    );
    expect(evicted).toMatchObject({ failureKind: 'SYSTEM', code: 'SKIFF_K8S_EVICTED' });
    expect(evicted?.message).toContain('Evicted: The node was low on resource: memory.');
    const deadline = failed(
      podVerdict(
        pod({
          phase: 'Failed',
          reason: 'DeadlineExceeded',
          message: 'Pod was active on the node longer than the specified deadline',
        }),
        at(700),
        LIMITS,
      ),
    );
    expect(deadline).toMatchObject({ failureKind: 'TIMEOUT', code: 'SKIFF_K8S_DEADLINE' });
    expect(deadline?.message).toContain('600s');
  });

  it('recognises an image without /bin/sh, and other start errors', () => {
    const noShell = exited(
      128,
      'StartError',
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown',
    );
    const verdict = failed(
      podVerdict(pod({ phase: 'Running', main: noShell, skiff: running }), at(9), LIMITS),
    );
    expect(verdict?.code).toBe('SKIFF_K8S_NO_SHELL');
    expect(verdict?.message).toContain(
      "image python:3.11 has no /bin/sh; Skiff's pod wrapper needs one: use an image with a shell",
    );
    const other = exited(
      128,
      'StartError',
      'OCI runtime create failed: error mounting "/data": permission denied',
    );
    expect(
      failed(podVerdict(pod({ phase: 'Running', main: other, skiff: running }), at(9), LIMITS))?.code,
    ).toBe('SKIFF_K8S_POD_START');
  });

  it('fails a sidecar that ended without a report, and a pod that ended with nothing known', () => {
    const sidecar = failed(
      podVerdict(pod({ phase: 'Running', main: running, skiff: exited(137, 'OOMKilled') }), at(9), LIMITS),
    );
    expect(sidecar).toMatchObject({ code: 'SKIFF_K8S_SIDECAR', failureKind: 'SYSTEM' });
    expect(sidecar?.message).toContain('OOMKilled');
    const lost = failed(
      podVerdict(
        pod({
          phase: 'Failed',
          reason: 'NodeShutdown',
          message: 'Pod was terminated in response to imminent node shutdown.',
        }),
        at(9),
        LIMITS,
      ),
    );
    expect(lost).toMatchObject({ code: 'SKIFF_K8S_POD_LOST', failureKind: 'SYSTEM', exitCode: null });
    expect(lost?.message).toContain('NodeShutdown: Pod was terminated');
  });
});
