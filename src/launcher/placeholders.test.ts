import { describe, expect, it } from 'vitest';
import type { ExecutorInputJson } from './executor-input.js';
import {
  type PlaceholderContext,
  pipelinePlaceholderValues,
  resolveCommandLine,
  resolveInline,
} from './placeholders.js';

const executorInput: ExecutorInputJson = {
  inputs: {
    parameterValues: {
      text: 'hello world',
      n: 3,
      ratio: 0.5,
      flag: true,
      items: [1, 'a'],
      cfg: { k: 'v' },
      none: null,
    },
    artifacts: {
      data: {
        artifacts: [
          {
            name: 'data',
            uri: 'file:///root/p/r/t/1/data',
            type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
            metadata: { rows: 2 },
          },
        ],
      },
    },
  },
  outputs: {
    parameters: { out: { outputFile: '/w/outputs/parameters/out' } },
    artifacts: {
      model: {
        artifacts: [
          {
            name: 'model',
            uri: 'file:///root/p/r/t/2/model',
            type: { schemaTitle: 'system.Model', schemaVersion: '0.0.1' },
            metadata: {},
          },
        ],
      },
    },
    outputFile: '/w/executor_output.json',
  },
};

const context: PlaceholderContext = {
  executorInput,
  inputArtifactPaths: { data: '/root/p/r/t/1/data' },
  outputArtifactPaths: { model: '/w/outputs/artifacts/model' },
  workspacePath: '/w/workspace',
  pipeline: pipelinePlaceholderValues({
    runId: '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    jobName: 'my job',
    jobResourceName: 'pipeline-with-placeholders-0a1b2c3d',
    pipelineRoot: 'file:///root',
    jobCreateTimeMs: Date.UTC(2024, 0, 2, 3, 4, 5),
    taskId: 'task-9',
    taskName: 'print-all',
  }),
};

const resolve = (items: string[]) => resolveCommandLine(items, context);

describe('input parameter placeholders', () => {
  it('substitutes strings unquoted and other values as compact JSON, also inside larger strings', () => {
    expect(resolve(["{{$.inputs.parameters['text']}}"])).toEqual(['hello world']);
    expect(resolve(["n={{$.inputs.parameters['n']}}, r={{$.inputs.parameters['ratio']}}!"])).toEqual([
      'n=3, r=0.5!',
    ]);
    expect(resolve(["{{$.inputs.parameters['flag']}}", "{{$.inputs.parameters['items']}}"])).toEqual([
      'true',
      '[1,"a"]',
    ]);
    expect(resolve(["{{$.inputs.parameters['cfg']}}"])).toEqual(['{"k":"v"}']);
  });

  it('substitutes an absent optional input as null, as kfp.local does', () => {
    expect(resolve(["--x={{$.inputs.parameters['missing']}}", "{{$.inputs.parameters['none']}}"])).toEqual([
      '--x=null',
      'null',
    ]);
  });

  it('does not substitute again inside a substituted value', () => {
    const tricky: PlaceholderContext = {
      ...context,
      executorInput: {
        ...executorInput,
        inputs: { ...executorInput.inputs, parameterValues: { s: "{{$.inputs.parameters['s']}}" } },
      },
    };
    expect(resolveCommandLine(["<{{$.inputs.parameters['s']}}>"], tricky)).toEqual([
      "<{{$.inputs.parameters['s']}}>",
    ]);
  });
});

describe('artifact and output placeholders', () => {
  it('resolves input artifact uri, path, metadata and the bare artifact', () => {
    expect(
      resolve([
        "{{$.inputs.artifacts['data'].uri}}",
        "{{$.inputs.artifacts['data'].path}}",
        "{{$.inputs.artifacts['data'].metadata}}",
      ]),
    ).toEqual(['file:///root/p/r/t/1/data', '/root/p/r/t/1/data', '{"rows":2}']);
    expect(JSON.parse(resolve(["{{$.inputs.artifacts['data']}}"])[0]!)).toEqual(
      executorInput.inputs.artifacts.data,
    );
  });

  it('resolves output artifact uri, staged path and metadata, output parameter files and the output file', () => {
    expect(
      resolve([
        "{{$.outputs.artifacts['model'].uri}}",
        "{{$.outputs.artifacts['model'].path}}",
        "{{$.outputs.artifacts['model'].metadata}}",
        "{{$.outputs.parameters['out'].output_file}}",
        '{{$.outputs.output_file}}',
      ]),
    ).toEqual([
      'file:///root/p/r/t/2/model',
      '/w/outputs/artifacts/model',
      '{}',
      '/w/outputs/parameters/out',
      '/w/executor_output.json',
    ]);
  });

  it('resolves {{$}} to the executor input JSON', () => {
    const [json] = resolve(['--executor_input', '{{$}}']).slice(1);
    expect(JSON.parse(json!)).toEqual(executorInput);
  });

  it('leaves unknown placeholders as written', () => {
    expect(resolve(['{{$.pipeline_google_cloud_project_id}}'])).toEqual([
      '{{$.pipeline_google_cloud_project_id}}',
    ]);
  });
});

describe('pipeline placeholders', () => {
  it('resolves every {{$.pipeline_*}} placeholder and the workspace path', () => {
    const names = [
      'pipeline_job_name',
      'pipeline_job_resource_name',
      'pipeline_job_uuid',
      'pipeline_task_name',
      'pipeline_task_uuid',
      'pipeline_root',
      'pipeline_job_create_time_utc',
      'pipeline_job_schedule_time_utc',
      'workspace_path',
    ];
    expect(resolve(names.map((name) => `{{$.${name}}}`))).toEqual([
      'my job',
      'pipeline-with-placeholders-0a1b2c3d',
      '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      'print-all',
      'task-9',
      'file:///root',
      '2024-01-02T03:04:05.000Z',
      '2024-01-02T03:04:05.000Z',
      '/w/workspace',
    ]);
  });

  it('gives the schedule time of a triggered run, apart from its creation time', () => {
    const base = {
      runId: 'r',
      jobName: 'j',
      jobResourceName: 'j-r',
      pipelineRoot: 'file:///root',
      jobCreateTimeMs: Date.UTC(2024, 0, 2, 10, 3, 0),
      taskId: 't',
      taskName: 'n',
    };
    const caughtUp = pipelinePlaceholderValues({
      ...base,
      jobScheduleTimeMs: Date.UTC(2024, 0, 2, 10, 0, 0),
    });
    expect(caughtUp.pipeline_job_schedule_time_utc).toBe('2024-01-02T10:00:00.000Z');
    expect(caughtUp.pipeline_job_create_time_utc).toBe('2024-01-02T10:03:00.000Z');
  });

  it('resolves placeholders in a single string, as used for env values', () => {
    expect(resolveInline("task {{$.pipeline_task_uuid}} got {{$.inputs.parameters['n']}}", context)).toBe(
      'task task-9 got 3',
    );
  });
});

describe('IfPresent and Concat placeholders', () => {
  const ifPresent = (name: string, then: unknown, otherwise?: unknown) =>
    JSON.stringify({
      IfPresent: { InputName: name, Then: then, ...(otherwise === undefined ? {} : { Else: otherwise }) },
    });

  it('expands a present input into every item of Then, and an absent one into Else', () => {
    expect(resolve([ifPresent('text', ['--text', "{{$.inputs.parameters['text']}}"])])).toEqual([
      '--text',
      'hello world',
    ]);
    expect(resolve(['a', ifPresent('missing', ['--x', 'y'], ['bye']), 'b'])).toEqual(['a', 'bye', 'b']);
  });

  it('drops the item when the input is absent and there is no Else', () => {
    expect(resolve(['a', ifPresent('missing', ['--x']), 'b'])).toEqual(['a', 'b']);
    expect(resolve([ifPresent('none', ['--none'])])).toEqual([]);
  });

  it('accepts Then and Else as plain strings, and treats present artifacts as present', () => {
    expect(resolve([ifPresent('data', "{{$.inputs.artifacts['data'].uri}}", 'no')])).toEqual([
      'file:///root/p/r/t/1/data',
    ]);
    expect(resolve([ifPresent('other', 'yes', 'No artifact provided!')])).toEqual(['No artifact provided!']);
  });

  it('concatenates parts, resolving placeholders inside them', () => {
    expect(
      resolve([
        JSON.stringify({
          Concat: ['prefix-', "{{$.inputs.parameters['text']}}", "{{$.outputs.artifacts['model'].uri}}"],
        }),
      ]),
    ).toEqual(['prefix-hello worldfile:///root/p/r/t/2/model']);
  });

  it('nests Concat and IfPresent arbitrarily', () => {
    const nested = JSON.stringify({
      IfPresent: {
        InputName: 'n',
        Then: [
          {
            Concat: [
              '--n=',
              "{{$.inputs.parameters['n']}}",
              { IfPresent: { InputName: 'missing', Then: '!', Else: '?' } },
            ],
          },
          { IfPresent: { InputName: 'flag', Then: ['--flag', { Concat: ['x', 'y'] }] } },
        ],
      },
    });
    expect(resolve([nested])).toEqual(['--n=3?', '--flag', 'xy']);
  });

  it('passes through text that only looks like a JSON placeholder', () => {
    expect(resolve(['{"Concat": not json'])).toEqual(['{"Concat": not json']);
    expect(resolve(['{"other": 1}'])).toEqual(['{"other": 1}']);
  });

  it('resolves the corpus container_with_if_placeholder command for a present optional input', () => {
    const command = [
      'my_program',
      `{"IfPresent": {"InputName": "text", "Then": ["{{$.inputs.parameters['text']}}"], "Else": ["bye"]}}`,
      '--dataset',
      `{"IfPresent": {"InputName": "text", "Then": ["{{$.outputs.artifacts['model'].uri}}"], "Else": ["bye"]}}`,
    ];
    expect(resolve(command)).toEqual([
      'my_program',
      'hello world',
      '--dataset',
      'file:///root/p/r/t/2/model',
    ]);
  });
});
