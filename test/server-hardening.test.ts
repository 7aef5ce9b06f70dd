import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, type TestServer } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the API under test are read field by field.
type Json = Record<string, any>;

const V2 = '/apis/v2beta1';

/** One task that writes a small dataset, so the run has an artifact to read. */
const SPEC_TEXT = (() => {
  const doc = JSON.parse(
    pipeline(
      'hardening',
      {
        write: {
          outputArtifacts: { data: 'system.Dataset' },
          inputs: { p: 'LIST' },
          defaults: { p: [] },
          script: 'echo hello-log; mkdir -p "$(dirname "$0")"; printf hello > "$0"',
        },
      },
      {
        tasks: { write: task('write', { inputs: { parameters: { p: { componentInputParameter: 'p' } } } }) },
        inputs: { p: 'LIST' },
        defaults: { p: [] },
      },
    ),
  );
  doc.deploymentSpec.executors['exec-write'].container.args = ["{{$.outputs.artifacts['data'].path}}"];
  return JSON.stringify(doc);
})();

/** A run body (JSON text) with `parameter` as the value of pipeline parameter p. */
const runBody = (parameter: string, spec = SPEC_TEXT) =>
  `{"display_name":"r","pipeline_spec":${spec},"runtime_config":{"parameters":{"p":${parameter}}}}`;

describe('skiff server hardening (SQLite)', () => {
  let server: TestServer;
  let runId: string;
  let artifactId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const created = await callJson(server, 'POST', `${V2}/runs`, runBody('[]'));
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    runId = String(created.json.run_id);
    for (;;) {
      const run = (await callJson(server, 'GET', `${V2}/runs/${runId}`)).json as Json;
      if (run.state === 'SUCCEEDED') {
        const write = run.run_details.task_details.find((t: Json) => t.display_name === 'write');
        artifactId = write.outputs.artifacts.data[0].id;
        break;
      }
      expect(['PENDING', 'RUNNING']).toContain(run.state);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => server?.close());

  describe('repeated query parameters', () => {
    it('refuses a repeated artifact path with 400 naming it (was a 500)', async () => {
      const answer = await callJson(server, 'GET', `/apis/skiff/v1/artifacts/${artifactId}?path=a&path=b`);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('query parameter path');
    });

    it.each([
      'attempt=1&attempt=2',
      'tail_bytes=1&tail_bytes=2',
      'follow=true&follow=false',
    ])('refuses a repeated log parameter (%s) with 400 naming it', async (query) => {
      const name = query.split('=')[0];
      const answer = await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/write/logs?${query}`);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain(`query parameter ${name}`);
    });

    it.each([
      `${V2}/runs?page_size=1&page_size=2`,
      `${V2}/runs?filter=a&filter=b`,
      `${V2}/pipelines?sort_by=name&sort_by=created_at`,
      `${V2}/experiments?page_token=a&page_token=b`,
      `${V2}/recurringruns?experiment_id=a&experiment_id=b`,
      `${V2}/runs/RUN?x=1&x=2`,
    ])('refuses a repeated list or unknown parameter: %s', async (path) => {
      const name = path.split('?')[1]?.split('=')[0];
      const answer = await callJson(server, 'GET', path);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain(`query parameter ${name}`);
    });

    it('refuses follow and tail_bytes values that are not what they claim', async () => {
      const logs = `/apis/skiff/v1/runs/${runId}/tasks/write/logs`;
      expectError(await callJson(server, 'GET', `${logs}?follow=yes`), 400, 'SKIFF_API_BAD_REQUEST');
      expectError(await callJson(server, 'GET', `${logs}?tail_bytes=0x10`), 400, 'SKIFF_API_BAD_REQUEST');
      expectError(await callJson(server, 'GET', `${logs}?attempt=1e0`), 400, 'SKIFF_API_BAD_REQUEST');
      const tail = await server.request(`${logs}?tail_bytes=3&follow=false`);
      expect(await tail.text()).toBe('og\n');
    });
  });
});
