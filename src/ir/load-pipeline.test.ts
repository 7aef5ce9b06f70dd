import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import { SkiffError } from '../errors/index.js';
import { loadPipelineFile, loadPipelineText } from './load-pipeline.js';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SkiffError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('loadPipelineText mapping', () => {
  it('maps tasks, sources, defaults and outputs into the closed types', () => {
    const spec = loadPipelineText(stringify(rawSpec()), 'demo.yaml');
    expect(spec.name).toBe('demo');
    expect(spec.schemaVersion).toBe('2.1.0');
    expect(spec.sdkVersion).toBe('kfp-2.13.0');
    expect(spec.root.inputs.parameters.n).toEqual({
      type: 'NUMBER_INTEGER',
      defaultValue: 3,
      isOptional: true,
    });
    expect(spec.root.inputs.parameters.msg).toEqual({ type: 'STRING', isOptional: false });
    const report = spec.root.dag.tasks.report!;
    expect(report).toMatchObject({
      name: 'report',
      displayName: 'report',
      componentRef: 'comp-report',
      dependentTasks: ['train'],
      strategy: 'ALL_UPSTREAM_TASKS_SUCCEEDED',
      enableCache: false,
    });
    expect(report.parameters.score).toEqual({ source: { kind: 'taskOutput', task: 'train', key: 'score' } });
    expect(report.artifacts.model).toEqual({ kind: 'taskOutput', task: 'train', key: 'model' });
    expect(spec.root.dag.tasks.train?.enableCache).toBe(true);
    expect(spec.root.dag.parameterOutputs.score).toEqual({
      kind: 'single',
      from: { task: 'train', key: 'score' },
    });
    expect(spec.components['comp-train']?.outputs.artifacts.model).toEqual({
      type: { schemaTitle: 'system.Model', schemaVersion: '0.0.1' },
      isArtifactList: false,
      isOptional: false,
    });
    expect(spec.executors['exec-train']).toEqual({
      kind: 'container',
      image: 'python:3.11',
      command: ['python3', '-c'],
      args: ["{{$.inputs.parameters['n']}}"],
      env: [],
    });
    expect(spec.kubernetes).toEqual({});
  });

  it('maps retry policies with KFP defaults for absent fields and durations in seconds', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.retryPolicy = {
      maxRetryCount: 3,
      backoffDuration: '1.5s',
      backoffMaxDuration: '60s',
    };
    raw.root.dag.tasks.report.retryPolicy = { maxRetryCount: 2 };
    const tasks = loadPipelineText(JSON.stringify(raw), 'demo.json').root.dag.tasks;
    expect(tasks.train?.retryPolicy).toEqual({
      maxRetryCount: 3,
      backoffSeconds: 1.5,
      backoffFactor: 2,
      backoffMaxSeconds: 60,
    });
    expect(tasks.report?.retryPolicy).toEqual({
      maxRetryCount: 2,
      backoffSeconds: 0,
      backoffFactor: 2,
      backoffMaxSeconds: 3600,
    });
  });

  it('rejects a retry duration that is not seconds with an "s" suffix', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.retryPolicy = { maxRetryCount: 3, backoffDuration: '5m' };
    expect(codeOf(() => loadPipelineText(JSON.stringify(raw), 'demo.json'))).toBe('SKIFF_IR_SCHEMA');
  });

  it('maps trigger policies, constants, final-status inputs, cache keys and OneOf outputs', () => {
    const raw = rawSpec();
    raw.components['comp-report'].inputDefinitions.parameters.status = { parameterType: 'TASK_FINAL_STATUS' };
    Object.assign(raw.root.dag.tasks.report, {
      triggerPolicy: {
        strategy: 'ALL_UPSTREAM_TASKS_COMPLETED',
        condition: "inputs.parameter_values['x'] == 'a'",
      },
      cachingOptions: { cacheKey: 'v1' },
    });
    raw.root.dag.tasks.report.inputs.parameters.status = { taskFinalStatus: { producerTask: 'train' } };
    raw.root.dag.tasks.train.inputs.parameters.k = { runtimeValue: { constant: [1, 'two'] } };
    raw.root.dag.outputs.parameters.score = {
      valueFromOneof: { parameterSelectors: [{ producerSubtask: 'train', outputParameterKey: 'score' }] },
    };
    const spec = loadPipelineText(JSON.stringify(raw), 'demo.json');
    const report = spec.root.dag.tasks.report!;
    expect(report.strategy).toBe('ALL_UPSTREAM_TASKS_COMPLETED');
    expect(report.condition).toBe("inputs.parameter_values['x'] == 'a'");
    expect(report.enableCache).toBe(false);
    expect(report.cacheKey).toBe('v1');
    expect(report.parameters.status?.source).toEqual({ kind: 'taskFinalStatus', task: 'train' });
    expect(spec.components['comp-report']?.inputs.parameters.status?.type).toBe('TASK_FINAL_STATUS');
    expect(spec.root.dag.tasks.train?.parameters.k?.source).toEqual({ kind: 'constant', value: [1, 'two'] });
    expect(spec.root.dag.parameterOutputs.score).toEqual({
      kind: 'oneOf',
      from: [{ task: 'train', key: 'score' }],
    });
  });

  it('maps importers, env, resources (new and legacy fields) and the platform spec', () => {
    const raw = rawSpec();
    raw.deploymentSpec.executors['exec-report'] = {
      container: {
        image: 'alpine:3',
        env: [{ name: 'A', value: '1' }],
        resources: {
          cpuLimit: 1,
          memoryLimit: 0.5,
          resourceCpuRequest: '500m',
          accelerator: { type: 'nvidia.com/gpu', count: 1 },
        },
      },
    };
    raw.components['comp-imp'] = {
      executorLabel: 'exec-imp',
      inputDefinitions: { parameters: { uri: { parameterType: 'STRING' } } },
      outputDefinitions: { artifacts: { artifact: { artifactType: { schemaTitle: 'system.Dataset' } } } },
    };
    raw.deploymentSpec.executors['exec-imp'] = {
      importer: {
        artifactUri: { runtimeParameter: 'uri' },
        typeSchema: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
        metadata: { k: 'v' },
        reimport: true,
      },
    };
    const text = `${stringify(raw)}---\n${stringify({ platforms: { kubernetes: { deploymentSpec: { executors: { 'exec-train': { nodeSelector: { labels: { a: 'b' } } } } } } } })}`;
    const spec = loadPipelineText(text, 'demo.yaml');
    expect(spec.executors['exec-report']).toEqual({
      kind: 'container',
      image: 'alpine:3',
      command: [],
      args: [],
      env: [{ name: 'A', value: '1' }],
      resources: {
        cpuLimit: '1',
        memoryLimit: '0.5G',
        cpuRequest: '500m',
        accelerator: { type: 'nvidia.com/gpu', count: '1' },
      },
    });
    expect(spec.executors['exec-imp']).toEqual({
      kind: 'importer',
      artifactUri: { kind: 'runtimeParameter', name: 'uri' },
      type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
      metadata: { k: 'v' },
      reimport: true,
    });
    expect(spec.kubernetes['exec-train']).toEqual({ nodeSelector: { labels: { a: 'b' } } });
  });

  it('maps legacy `type` names of schema 2.0.0 (INT, DOUBLE, STRING)', () => {
    const raw = rawSpec();
    raw.root.inputDefinitions.parameters.n = { type: 'INT', defaultValue: 3 };
    const spec = loadPipelineText(JSON.stringify(raw), 'demo.json');
    expect(spec.root.inputs.parameters.n).toEqual({
      type: 'NUMBER_INTEGER',
      defaultValue: 3,
      isOptional: true,
    });
  });

  it('tolerates fields it does not know below the top level', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.someFutureField = { x: 1 };
    raw.deploymentSpec.executors['exec-train'].container.lifecycle = {};
    expect(codeOf(() => loadPipelineText(JSON.stringify(raw), 'demo.json'))).toBe('accepted');
  });
});

describe('loadPipelineText rejections', () => {
  it('names the dotted path, the bad value and the expected type of a schema error', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.componentRef.name = 42;
    try {
      loadPipelineText(JSON.stringify(raw), 'demo.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SkiffError);
      const e = error as SkiffError;
      expect(e.code).toBe('SKIFF_IR_SCHEMA');
      expect(e.location).toBe('root.dag.tasks.train.componentRef.name');
      expect(e.message).toContain('42 (number), expected string');
    }
  });

  it('rejects a misspelt top-level section with a suggestion', () => {
    const raw = rawSpec();
    raw.component = raw.components;
    delete raw.components;
    expect(() => loadPipelineText(JSON.stringify(raw), 'demo.json')).toThrow(
      /unknown field "component" \(did you mean "components"\?\)/,
    );
  });

  it.each([
    [{ pipelineInfo: {} }, 'SKIFF_IR_NO_NAME'],
    [{ pipelineInfo: { name: '' } }, 'SKIFF_IR_NO_NAME'],
    [{ schemaVersion: '1.0.0' }, 'SKIFF_IR_UNSUPPORTED'],
  ])('rejects %j with %s', (patch, code) => {
    expect(codeOf(() => loadPipelineText(JSON.stringify({ ...rawSpec(), ...patch }), 'demo.json'))).toBe(
      code,
    );
  });

  it('rejects a task input with two sources', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.inputs.parameters.n.runtimeValue = { constant: 1 };
    expect(() => loadPipelineText(JSON.stringify(raw), 'demo.json')).toThrow(/exactly one source/);
  });

  it('rejects an executor that is neither a container nor an importer as unsupported', () => {
    const raw = rawSpec();
    raw.deploymentSpec.executors['exec-report'] = { customJob: {} };
    expect(codeOf(() => loadPipelineText(JSON.stringify(raw), 'demo.json'))).toBe('SKIFF_IR_UNSUPPORTED');
  });
});

describe('loadPipelineFile', () => {
  it('reads a file and reports a missing one as SKIFF_IR_READ', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-ir-'));
    const path = join(dir, 'p.yaml');
    await writeFile(path, stringify(rawSpec()));
    expect((await loadPipelineFile(path)).name).toBe('demo');
    await expect(loadPipelineFile(join(dir, 'missing.yaml'))).rejects.toMatchObject({
      code: 'SKIFF_IR_READ',
    });
  });

  it('refuses a named pipe with no writer, a directory or a device with SKIFF_IR_READ, at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-ir-'));
    const fifo = join(dir, 'pipeline.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const [path, what] of [
      [fifo, 'a named pipe (FIFO)'],
      [dir, 'a directory'],
      ['/dev/null', 'a character device'],
    ] as const) {
      const error = await loadPipelineFile(path).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SKIFF_IR_READ' });
      expect((error as SkiffError).message).toContain(`pipeline file ${path} cannot be read: it is ${what}`);
      expect((error as SkiffError).fix).toContain('regular file');
    }
  }, 5000);

  it('rejects a PNG by its bytes whatever its name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-ir-'));
    const path = join(dir, 'pipeline.yaml');
    await writeFile(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    await expect(loadPipelineFile(path)).rejects.toMatchObject({ code: 'SKIFF_IR_FORMAT' });
  });
});
