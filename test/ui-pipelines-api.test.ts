import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, uploadFile } from './support/kfp-api.js';
import { startTestServer, type TestServer } from './support/server.js';

const spec = (name: string) => pipeline(name, { hi: { script: 'echo hi' } }, { tasks: { hi: task('hi') } });
const SUMMARIES = '/apis/skiff/v1/pipeline-summaries';

describe('Skiff API for the pipelines list: GET /apis/skiff/v1/pipeline-summaries', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers each pipeline’s latest version and version count in one request, without specs', async () => {
    const first = await uploadFile(server, '/apis/v2beta1/pipelines/upload?name=summary-a', spec('a'));
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const a = String(first.json.pipeline_id);
    const again = await uploadFile(
      server,
      `/apis/v2beta1/pipelines/upload_version?pipelineid=${a}&name=second`,
      spec('a'),
    );
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    const empty = await callJson(server, 'POST', '/apis/v2beta1/pipelines', { name: 'summary-empty' });
    const b = String(empty.json.pipeline_id);

    const answer = await callJson(server, 'GET', `${SUMMARIES}?pipeline_ids=${b},no-such-id,${a},${a}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      summaries: [
        { pipeline_id: b, version_count: 0, latest_version: null },
        {
          pipeline_id: a,
          version_count: 2,
          latest_version: {
            pipeline_version_id: String(again.json.pipeline_version_id),
            name: 'second',
            display_name: 'second',
            created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          },
        },
      ],
    });
    expect(JSON.stringify(answer.json)).not.toContain('pipelineInfo');
    expect((await callJson(server, 'GET', SUMMARIES)).json).toEqual({ summaries: [] });
  });

  it('refuses more pipelines than one page holds, with a coded error', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `p${i}`).join(',');
    const message = expectError(
      await callJson(server, 'GET', `${SUMMARIES}?pipeline_ids=${ids}`),
      400,
      'SKIFF_API_BAD_REQUEST',
    );
    expect(message).toContain('101 pipelines');
  });
});
