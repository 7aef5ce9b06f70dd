import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';
import { openSse, type SseClient } from './support/sse.js';

const quick = JSON.parse(pipeline('quick', { ok: { script: 'true' } }, { tasks: { ok: task('ok') } }));

describe('runs-list stream: archive, restore and delete; latest runs of experiments', () => {
  let server: TestServer;
  let runs: SseClient;
  const runIds: string[] = [];
  let experimentId: string;

  const createRun = async (name: string, experiment?: string): Promise<string> => {
    const body = {
      display_name: name,
      pipeline_spec: quick,
      ...(experiment ? { experiment_id: experiment } : {}),
    };
    const created = await callJson(server, 'POST', '/apis/v2beta1/runs', body);
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    return String(created.json.run_id);
  };

  beforeAll(async () => {
    server = await startTestServer();
    const experiment = await callJson(server, 'POST', '/apis/v2beta1/experiments', { display_name: 'dots' });
    experimentId = String(experiment.json.experiment_id);
    for (let i = 0; i < 7; i++) runIds.push(await createRun(`run ${i}`, experimentId));
    runIds.push(await createRun('elsewhere'));
    await waitFor('every run to finish', async () => {
      const list = await callJson(server, 'GET', '/apis/v2beta1/runs?page_size=100');
      const states = (list.json.runs as { state: string }[]).map((run) => run.state);
      return states.length === 8 && states.every((state) => state === 'SUCCEEDED') ? true : undefined;
    });
    runs = await openSse(`${server.url}/apis/skiff/v1/events/runs`);
  }, 60_000);
  afterAll(async () => {
    runs?.close();
    await server?.close();
  });

  it('sends a run event with storage_state on :archive and :unarchive, and deleted on DELETE', async () => {
    const id = runIds[0]!;
    expect((await callJson(server, 'POST', `/apis/v2beta1/runs/${id}:archive`)).status).toBe(200);
    expect((await callJson(server, 'POST', `/apis/v2beta1/runs/${id}:unarchive`)).status).toBe(200);
    expect((await callJson(server, 'DELETE', `/apis/v2beta1/runs/${id}`)).status).toBe(200);
    const events = await runs.waitFor((e) => e.event === 'deleted');
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['run', { run_id: id, state: 'SUCCEEDED', display_name: 'run 0', storage_state: 'ARCHIVED' }],
      ['run', { run_id: id, state: 'SUCCEEDED', display_name: 'run 0', storage_state: 'AVAILABLE' }],
      ['deleted', { run_id: id }],
    ]);
    // Each is a change with an id, so a client that reconnects after the first gets the other two.
    expect(events.every((e) => /^[0-9a-f]+\.\d+$/.test(e.id ?? ''))).toBe(true);
    const resumed = await openSse(`${server.url}/apis/skiff/v1/events/runs`, {
      'last-event-id': events[0]!.id!,
    });
    const replay = await resumed.waitFor((e) => e.event === 'deleted');
    resumed.close();
    expect(replay.map((e) => e.event)).toEqual(['run', 'deleted']);
  });

  it('sends nothing to the run stream itself, which a deleted run closes', async () => {
    const id = runIds[1]!;
    const stream = await openSse(`${server.url}/apis/skiff/v1/runs/${id}/events`);
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(['snapshot', 'end']);
  });

  it('answers the latest runs of several experiments in one request, newest first', async () => {
    const answer = await callJson(
      server,
      'GET',
      `/apis/skiff/v1/experiments/recent-runs?experiment_ids=${experimentId},nope&count=5`,
    );
    expect(answer.status).toBe(200);
    const [dots, none] = answer.json.experiments as {
      experiment_id: string;
      total_size: number;
      runs: { run_id: string; display_name: string; state: string; created_at: string }[];
    }[];
    expect(dots!.experiment_id).toBe(experimentId);
    // Run 0 was deleted: runs 1..6 remain, the 5 newest are 6..2.
    expect(dots!.total_size).toBe(6);
    expect(dots!.runs.map((run) => run.display_name)).toEqual(['run 6', 'run 5', 'run 4', 'run 3', 'run 2']);
    expect(dots!.runs.every((run) => run.state === 'SUCCEEDED' && /^\d{4}-/.test(run.created_at))).toBe(true);
    expect(none).toEqual({ experiment_id: 'nope', total_size: 0, runs: [] });
    const empty = await callJson(server, 'GET', '/apis/skiff/v1/experiments/recent-runs');
    expect(empty.json).toEqual({ experiments: [] });
  });

  it('refuses a bad count and too many experiments with coded errors', async () => {
    const path = '/apis/skiff/v1/experiments/recent-runs';
    expectError(await callJson(server, 'GET', `${path}?count=0`), 400, 'SKIFF_API_BAD_REQUEST');
    expectError(await callJson(server, 'GET', `${path}?count=abc`), 400, 'SKIFF_API_BAD_REQUEST');
    const many = Array.from({ length: 101 }, (_, i) => `e${i}`).join(',');
    expectError(
      await callJson(server, 'GET', `${path}?experiment_ids=${many}`),
      400,
      'SKIFF_API_BAD_REQUEST',
    );
  });
});
