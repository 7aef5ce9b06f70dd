import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

/** A task that prints a line every 0.1 s for a minute. */
const ticker = pipeline(
  'ticker',
  { tick: { script: 'i=0; while [ $i -lt 600 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done' } },
  { tasks: { tick: task('tick') } },
);

describe('following a log (server-sent events) to its end', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { shutdownGraceMs: 100 });
  });
  afterAll(async () => server?.close());

  /** A ticker run, and the text of `logs?follow=true` once its attempt runs (read to its end). */
  async function followTicker(): Promise<{ runId: string; text: Promise<string>; seen: () => string }> {
    const created = await callJson(server, 'POST', '/apis/v2beta1/runs', {
      display_name: 'ticker',
      pipeline_spec: JSON.parse(ticker),
    });
    expect(created.status).toBe(200);
    const runId = String(created.json.run_id);
    const path = `/apis/skiff/v1/runs/${runId}/tasks/tick/logs?follow=true`;
    const response = await waitFor(
      'the attempt to start',
      async () => {
        const answer = await server.request(path);
        return answer.status === 200 ? answer : undefined;
      },
      30_000,
    );
    let seen = '';
    const decoder = new TextDecoder();
    const text = (async () => {
      for await (const chunk of response.body!) seen += decoder.decode(chunk as Uint8Array, { stream: true });
      return seen;
    })();
    await waitFor('a log line', async () => (seen.includes('tick 1') ? true : undefined), 30_000);
    return { runId, text, seen: () => seen };
  }

  it('ends with the attempt state when the run is terminated', async () => {
    const { runId, text } = await followTicker();
    expect((await callJson(server, 'POST', `/apis/v2beta1/runs/${runId}:terminate`, {})).status).toBe(200);
    const body = await text;
    const attempts = await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/tick/attempts`);
    const [attempt] = attempts.json.attempts as { state: string; failure_kind: string }[];
    expect(attempt).toMatchObject({ state: 'FAILED', failure_kind: 'CANCELED' });
    expect(body).toMatch(/event: end\ndata: \{"state":"FAILED"\}\n\n$/);
  }, 60_000);

  it('ends with a coded error event, not an unknown state, when the run is deleted from under it', async () => {
    const { runId, text } = await followTicker();
    // As another process or tool on the same store would: the rows go, the attempt still runs.
    expect(await server.services.metadata.runs.delete(runId)).toBe(true);
    const body = await text;
    expect(body).not.toContain('UNKNOWN');
    const last = /event: error\ndata: (.*)\n\n$/.exec(body);
    expect(JSON.parse(last?.[1] ?? 'null')).toMatchObject({
      code: 'SKIFF_API_NOT_FOUND',
      message: expect.stringContaining(
        `run ${runId} was deleted while the log of its task "tick" was followed`,
      ),
    });
  }, 60_000);
});
