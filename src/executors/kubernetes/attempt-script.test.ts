import { describe, expect, it } from 'vitest';
import { attemptLayout } from '../../launcher/attempt-layout.js';
import { attemptScript, needsNoSidecar } from './attempt-script.js';
import type { PodPlan } from './pod-plan.js';

function plan(overrides: Partial<PodPlan> & { outputs?: Record<string, unknown> } = {}): PodPlan {
  const { outputs, ...rest } = overrides;
  return {
    version: 1,
    context: {
      runId: 'r1',
      pipelineName: 'p',
      jobName: 'j',
      jobResourceName: 'p-1',
      pipelineRoot: 's3://b/root',
      jobCreateTimeMs: 0,
      taskId: 't',
      taskPath: 'step',
      taskName: 'step',
      attempt: 1,
      workspacePath: '/skiff/workspace',
    },
    component: {
      kind: 'executor',
      name: 'comp-step',
      executorLabel: 'exec-step',
      inputs: { parameters: {}, artifacts: {} },
      outputs: (outputs ?? { parameters: {}, artifacts: {} }) as unknown as PodPlan['component']['outputs'],
    },
    container: {
      kind: 'container',
      image: 'alpine',
      command: ['echo'],
      args: ["{{$.inputs.parameters['x']}}"],
      env: [],
    },
    inputs: { parameters: { x: 'it is 3' }, artifacts: {} },
    kfpRuntime: 'auto',
    storage: { providers: [], retry: { maxAttempts: 1, budgetSeconds: 1 } },
    ...rest,
  };
}

describe('attempts without a sidecar', () => {
  it('need none when there is nothing to stage, collect or copy', () => {
    expect(needsNoSidecar(plan())).toBe(true);
    expect(needsNoSidecar(plan({ outputs: { parameters: { o: { type: 'STRING' } }, artifacts: {} } }))).toBe(
      false,
    );
    const withArtifact = plan({
      inputs: {
        parameters: {},
        artifacts: { d: [{ uri: 's3://b/x' } as never] },
      },
    });
    expect(needsNoSidecar(withArtifact)).toBe(false);
    const python = plan({
      container: {
        kind: 'container',
        image: 'python:3.11',
        command: ['python3', '-m', 'kfp.dsl.executor_main'],
        args: ['--component_module_path', '/x.py'],
        env: [],
      },
    });
    // The bundled runtime must be copied in by the sidecar (auto); the image's own kfp needs none.
    expect(needsNoSidecar(python)).toBe(false);
    expect(needsNoSidecar({ ...python, kfpRuntime: 'installed' })).toBe(true);
  });

  it('run a script resolved by the server, its words quoted for the shell', () => {
    const p = plan();
    const layout = attemptLayout(p.context, { workDir: '/skiff/work', logsDir: '/skiff/logs' });
    const { script } = attemptScript(p, layout, '/skiff/runtime');
    expect(script.split('\n')).toEqual(['set -e', `cd ${layout.attemptDir}`, "exec echo 'it is 3'"]);
  });
});
