import { describe, expect, it } from 'vitest';
import { emptyParts } from './platform-build.js';
import { type PodSpecInput, podSpec } from './pod-spec.js';

const WORKSPACE = '/skiff/workspace/0f6c2a5e-9d1b-4c3e-8a7f-1b2c3d4e5f60';

const input: PodSpecInput = {
  context: {
    runId: '0f6c2a5e-9d1b-4c3e-8a7f-1b2c3d4e5f60',
    pipelineName: 'p',
    jobName: 'p run',
    jobResourceName: 'p-0f6c2a5e',
    pipelineRoot: 's3://bucket/root',
    jobCreateTimeMs: 0,
    taskId: 't1',
    taskPath: 'writer',
    taskName: 'writer',
    attempt: 1,
    workspacePath: WORKSPACE,
  },
  namespace: 'ml',
  image: 'python:3.11',
  planJson: '{}',
  storage: { env: [], secret: { metadata: { name: 'skiff-storage', namespace: 'ml' } } },
  platform: emptyParts(),
  settings: {
    namespace: 'ml',
    image: 'skiff:test',
    hostNetwork: false,
    imagePullWaitSeconds: 120,
    unschedulableWaitSeconds: 300,
    keepFailedPodsSeconds: 3600,
  },
};

describe('the pod of an attempt', () => {
  it("mounts the run's workspace claim at the run's workspace path in both containers", () => {
    const pod = podSpec({ ...input, workspaceClaim: 'skiff-run-workspace' });
    expect(pod.spec?.volumes).toContainEqual({
      name: 'kfp-workspace',
      persistentVolumeClaim: { claimName: 'skiff-run-workspace' },
    });
    for (const container of pod.spec?.containers ?? []) {
      expect(container.volumeMounts, container.name).toContainEqual({
        name: 'kfp-workspace',
        mountPath: WORKSPACE,
      });
    }
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['main', 'skiff']);
  });

  it('has no workspace volume when the pipeline asks for none (the workspace is then a directory of the pod)', () => {
    const pod = podSpec(input);
    expect(pod.spec?.volumes?.map((v) => v.name)).toEqual(['skiff']);
    expect(pod.spec?.containers[0]?.volumeMounts).toEqual([{ name: 'skiff', mountPath: '/skiff' }]);
  });
});
