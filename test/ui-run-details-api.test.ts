import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { from, pipeline, task } from './support/ir-builder.js';
import { callJson, expectError } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Json = Record<string, any>;

const spec = pipeline(
  'run-info',
  {
    make: {
      inputs: { n: 'NUMBER_INTEGER' },
      outputs: { Output: 'STRING' },
      script: 'printf "made-$0" > "$1"',
      args: ["{{$.inputs.parameters['n']}}", "{{$.outputs.parameters['Output'].output_file}}"],
    },
    use: { inputs: { text: 'STRING' }, script: 'echo "$0"', args: ["{{$.inputs.parameters['text']}}"] },
  },
  {
    inputs: { n: 'NUMBER_INTEGER' },
    tasks: {
      make: task('make', { inputs: { parameters: { n: from.input('n') } } }),
      use: task('use', { inputs: { parameters: { text: from.task('make') } } }),
    },
  },
);

describe('Skiff API for the run details page: the run without its tasks, one task with its inputs and outputs', () => {
  let server: TestServer;
  let runId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const created = await callJson(server, 'POST', '/apis/v2beta1/runs', {
      display_name: 'info',
      pipeline_spec: JSON.parse(spec),
      runtime_config: { parameters: { n: 7 } },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    runId = String(created.json.run_id);
    const state = await waitFor(
      'the run to end',
      async () => {
        const answer = await callJson(server, 'GET', `/apis/v2beta1/runs/${runId}`);
        return ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(String(answer.json.state))
          ? answer.json.state
          : undefined;
      },
      60_000,
    );
    expect(state).toBe('SUCCEEDED');
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers the run as KFP JSON with its spec and storage, and no task list', async () => {
    const { status, json } = (await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}`)) as {
      status: number;
      json: Json;
    };
    expect(status).toBe(200);
    expect(json).toMatchObject({
      run_id: runId,
      display_name: 'info',
      state: 'SUCCEEDED',
      runtime_config: { parameters: { n: 7 } },
    });
    expect(json.run_details).toBeUndefined();
    expect(Object.keys(json.pipeline_spec.root.dag.tasks)).toEqual(['make', 'use']);
    expect(json.skiff_storage.pipelineRoot).toMatch(/^file:\/\//);
    expect(typeof json.started_at).toBe('string');
  });

  it('answers one task by path or id with its inputs and outputs', async () => {
    const byPath = (await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/make`)).json as Json;
    expect(byPath).toMatchObject({
      path: 'make',
      kind: 'container',
      state: 'SUCCEEDED',
      inputs: { parameters: { n: 7 } },
      outputs: { parameters: { Output: 'made-7' } },
    });
    const byId = (await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/${byPath.task_id}`))
      .json as Json;
    expect(byId.path).toBe('make');
    const use = (await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/use`)).json as Json;
    expect(use.inputs.parameters).toEqual({ text: 'made-7' });
  });

  it('answers coded 404s for an unknown run or task', async () => {
    expectError(await callJson(server, 'GET', '/apis/skiff/v1/runs/no-such-run'), 404, 'SKIFF_API_NOT_FOUND');
    expectError(
      await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/nope`),
      404,
      'SKIFF_API_NOT_FOUND',
    );
    expectError(
      await callJson(server, 'GET', '/apis/skiff/v1/runs/no-such-run/tasks/make'),
      404,
      'SKIFF_API_NOT_FOUND',
    );
  });
});
