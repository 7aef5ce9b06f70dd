import { describe, expect, it } from 'vitest';
import { containerResources } from './container-resources.js';

const ctx = { executorLabel: 'exec-train' };

describe('containerResources', () => {
  it('keeps quantities as written and puts an accelerator in the limits', () => {
    const result = containerResources(
      {
        cpuLimit: '1000m',
        memoryLimit: '256Mi',
        cpuRequest: '500m',
        memoryRequest: '0.1G',
        accelerator: { type: 'nvidia.com/gpu', count: '2' },
      },
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      resources: {
        limits: { cpu: '1000m', memory: '256Mi', 'nvidia.com/gpu': '2' },
        requests: { cpu: '500m', memory: '0.1G' },
      },
    });
  });

  it('gives no resources for an empty spec, and one device for an accelerator type without a count', () => {
    expect(containerResources(undefined, ctx)).toEqual({ ok: true, resources: undefined });
    expect(containerResources({ accelerator: { type: 'amd.com/gpu' } }, ctx)).toEqual({
      ok: true,
      resources: { limits: { 'amd.com/gpu': '1' } },
    });
  });

  it("resolves {{$.inputs.parameters['x']}} from the task's inputs, and leaves a field that resolves to '' unset", () => {
    const result = containerResources(
      {
        cpuLimit: "{{$.inputs.parameters['pipelinechannel--cpu_limit']}}",
        memoryLimit: "{{$.inputs.parameters['pipelinechannel--memory_limit']}}",
        accelerator: { type: "{{$.inputs.parameters['t']}}", count: "{{$.inputs.parameters['n']}}" },
      },
      {
        ...ctx,
        parameters: {
          'pipelinechannel--cpu_limit': '2',
          'pipelinechannel--memory_limit': '',
          t: 'nvidia.com/gpu',
          n: 1,
        },
      },
    );
    expect(result).toEqual({ ok: true, resources: { limits: { cpu: '2', 'nvidia.com/gpu': '1' } } });
  });

  it('fails a bad quantity, a request above its limit, a Vertex accelerator name and a missing parameter', () => {
    const bad = containerResources({ memoryLimit: '4 GB' }, ctx);
    expect(bad.ok || bad.error.location).toBe(
      'deploymentSpec.executors.exec-train.container.resources.memoryLimit',
    );
    const over = containerResources({ cpuLimit: '1', cpuRequest: '1500m' }, ctx);
    expect(over.ok || over.error.code).toBe('SKIFF_K8S_PLATFORM');
    const vertex = containerResources({ accelerator: { type: 'NVIDIA_TESLA_T4', count: '1' } }, ctx);
    expect(vertex.ok || vertex.error.fix).toContain('nvidia.com/gpu');
    const missing = containerResources({ cpuLimit: "{{$.inputs.parameters['cpu']}}" }, ctx);
    expect(missing.ok || missing.error.message).toContain('"cpu"');
  });
});
