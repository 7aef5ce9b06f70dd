import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { from, pipeline, task } from './support/ir-builder.js';
import { startTestServer } from './support/server.js';
import { openSse, type SseClient, type SseEvent } from './support/sse.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const TOKEN = 'token-for-event-stream-tests';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const MAX_PENDING_BYTES = 64 * 1024;
const MAX_EVENT_BYTES = 64 * 1024;

/** One task that sleeps: it holds the server's only run slot while the next run waits PENDING. */
const blocker = pipeline('blocker', { nap: { script: 'sleep 1' } }, { tasks: { nap: task('nap') } });

/** A task whose first attempt writes a 20 KB line to stderr and exits 3; the second succeeds. */
const flaky = pipeline(
  'flaky-events',
  {
    flaky: {
      inputs: { counter: 'STRING' },
      command: [
        'sh',
        '-c',
        'n=$(cat "$0" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0"; ' +
          'if [ $n -lt 2 ]; then head -c 20000 /dev/zero | tr "\\0" x >&2; echo >&2; exit 3; fi; echo done',
      ],
      args: ["{{$.inputs.parameters['counter']}}"],
    },
  },
  {
    tasks: {
      flaky: task('flaky', {
        inputs: { parameters: { counter: from.input('counter') } },
        retryPolicy: {
          maxRetryCount: 1,
          backoffDuration: '0.3s',
          backoffFactor: 2,
          backoffMaxDuration: '60s',
        },
      }),
    },
    inputs: { counter: 'STRING' },
  },
);

async function createRun(server: Server, name: string, spec: string, parameters = {}): Promise<string> {
  const response = await server.request('/apis/v2beta1/runs', {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({
      display_name: name,
      pipeline_spec: JSON.parse(spec),
      runtime_config: { parameters },
    }),
  });
  const json = (await response.json()) as { run_id: string };
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json.run_id;
}

/** The sequence number in an event id (`<epoch>.<seq>`). */
const seqOf = (event: SseEvent) => Number(event.id?.split('.')[1]);

describe('live events over real HTTP (server-sent events)', () => {
  let server: Server;
  let runs: SseClient;
  let flakyRunId: string;
  let full: SseEvent[];
  let cutFirst: SseEvent[];
  let cutSecond: SseEvent[];
  let cutSecondStatus: number;

  beforeAll(async () => {
    server = await startTestServer(
      { SKIFF_SERVER_AUTH_TOKEN: TOKEN, SKIFF_SERVER_MAX_CONCURRENT_RUNS: '1' },
      { eventLimits: { maxPendingBytes: MAX_PENDING_BYTES, heartbeatMs: 300, storePollMs: 50 } },
    );
    runs = await openSse(`${server.url}/apis/skiff/v1/events/runs`, AUTH);
    await createRun(server, 'blocker', blocker);
    const counter = join(mkdtempSync(join(tmpdir(), 'skiff-events-')), 'counter');
    flakyRunId = await createRun(server, 'flaky events', flaky, { counter });
    const url = `${server.url}/apis/skiff/v1/runs/${flakyRunId}/events`;
    // Two clients while the run waits: one reads to the end, one is cut after attempt 1 failed.
    const whole = await openSse(url, AUTH);
    const cut = await openSse(url, AUTH);
    cutFirst = await cut.waitFor((e) => e.event === 'attempt' && e.data.state === 'FAILED');
    cut.close();
    const lastId = cutFirst.filter((e) => e.id !== undefined).at(-1)!.id!;
    const resumed = await openSse(url, { ...AUTH, 'last-event-id': lastId });
    cutSecondStatus = resumed.status;
    await resumed.ended;
    cutSecond = resumed.events;
    await whole.ended;
    full = whole.events;
  }, 40_000);
  afterAll(async () => {
    runs?.close();
    await server?.close();
  });

  it('sends the snapshot, then RUNNING, attempt 1 failing, attempt 2 starting and succeeding, SUCCEEDED and end', () => {
    const [snapshot] = full;
    expect(snapshot).toMatchObject({ event: 'snapshot', data: { part: 0, complete: true, tasks: [] } });
    expect(snapshot!.data.run).toMatchObject({
      run_id: flakyRunId,
      state: 'PENDING',
      display_name: 'flaky events',
    });
    expect(snapshot!.id).toMatch(/^[0-9a-f]+\.\d+$/);
    // Where the first event named `name` whose data has `fields` is in the stream.
    const at = (name: string, fields: Record<string, unknown>) =>
      full.findIndex((e) => e.event === name && Object.entries(fields).every(([k, v]) => e.data[k] === v));
    const running = at('run', { state: 'RUNNING' });
    const start1 = at('attempt', { number: 1, state: 'RUNNING' });
    const fail1 = at('attempt', { number: 1, state: 'FAILED' });
    const start2 = at('attempt', { number: 2, state: 'RUNNING' });
    const ok2 = at('attempt', { number: 2, state: 'SUCCEEDED' });
    const taskOk = at('task', { path: 'flaky', state: 'SUCCEEDED' });
    const succeeded = at('run', { state: 'SUCCEEDED' });
    const end = full.findIndex((e) => e.event === 'end');
    expect([0, running, start1, fail1, start2, ok2, succeeded, end]).toEqual(
      [0, running, start1, fail1, start2, ok2, succeeded, end].sort((a, b) => a - b),
    );
    expect(Math.min(running, start1, fail1, start2, ok2, taskOk, succeeded)).toBeGreaterThan(0);
    expect(end).toBe(full.length - 1);
    expect(full[end]!.data).toEqual({ run_id: flakyRunId, state: 'SUCCEEDED' });
    expect(full[running]!.data.start_time).toMatch(/^\d{4}-/);
    const failure = full[fail1]!.data;
    expect(failure).toMatchObject({ path: 'flaky', exit_code: 3, failure_kind: 'USER', max_attempts: 2 });
    expect(Date.parse(failure.next_retry_time) - Date.parse(failure.end_time)).toBeGreaterThanOrEqual(250);
    // The 20 KB stderr line is cut to the text limit, marked with an ellipsis.
    expect(failure.message.length).toBeLessThanOrEqual(2048);
    expect(failure.message.endsWith('…')).toBe(true);
    expect(full[ok2]!.data).toMatchObject({ exit_code: 0, failure_kind: null, next_retry_time: null });
    expect(full[succeeded]!.data).toMatchObject({ run_id: flakyRunId, display_name: 'flaky events' });
    expect(full[succeeded]!.data.end_time).toMatch(/^\d{4}-/);
  });

  it('carries only changes after the snapshot, each under 64 KB, with increasing ids', () => {
    expect(full.filter((e) => e.event === 'snapshot')).toHaveLength(1);
    for (const event of [...full, ...cutFirst, ...cutSecond, ...runs.events]) {
      expect(event.bytes).toBeLessThan(MAX_EVENT_BYTES);
    }
    const seqs = full.filter((e) => e.id !== undefined).map(seqOf);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    // Each attempt is told once when it starts and once when it ends.
    expect(full.filter((e) => e.event === 'attempt').map((e) => [e.data.number, e.data.state])).toEqual([
      [1, 'RUNNING'],
      [1, 'FAILED'],
      [2, 'RUNNING'],
      [2, 'SUCCEEDED'],
    ]);
  });

  it('resumes after Last-Event-ID with no gap and no duplicate', () => {
    expect(cutSecondStatus).toBe(200);
    expect(cutSecond.some((e) => e.event === 'snapshot')).toBe(false);
    const ids = (events: SseEvent[]) => events.filter((e) => e.id !== undefined).map((e) => e.id);
    expect([...ids(cutFirst), ...ids(cutSecond)]).toEqual(ids(full));
    expect(cutSecond.at(-1)).toMatchObject({ event: 'end', data: { state: 'SUCCEEDED' } });
  });

  it('sends heartbeat comments while a stream is open', () => {
    expect(runs.comments).toContain('heartbeat');
  });

  it('reports each new run in the runs stream once: PENDING, RUNNING, SUCCEEDED with its times', async () => {
    await runs.waitFor((e) => e.data?.run_id === flakyRunId && e.data.state === 'SUCCEEDED');
    // The store watcher looks every 50 ms here: runs this server executes are not told twice by it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mine = runs.events.filter((e) => e.data.run_id === flakyRunId);
    expect(mine.map((e) => [e.event, e.data.state])).toEqual([
      ['run', 'PENDING'],
      ['run', 'RUNNING'],
      ['run', 'SUCCEEDED'],
    ]);
    expect(mine[0]!.data.display_name).toBe('flaky events');
    expect(mine[1]!.data.start_time).toMatch(/^\d{4}-/);
    expect(mine[2]!.data.end_time).toMatch(/^\d{4}-/);
    expect(runs.events.filter((e) => e.data.display_name === 'blocker').map((e) => e.data.state)).toEqual([
      'PENDING',
      'RUNNING',
      'SUCCEEDED',
    ]);
  });

  it('answers a finished run with its snapshot (tasks, attempt numbers) and end', async () => {
    const client = await openSse(`${server.url}/apis/skiff/v1/runs/${flakyRunId}/events`, AUTH);
    await client.ended;
    expect(client.events.map((e) => e.event)).toEqual(['snapshot', 'end']);
    const [snapshot] = client.events;
    expect(snapshot!.data.run).toMatchObject({ state: 'SUCCEEDED' });
    expect(snapshot!.data.tasks).toEqual([
      expect.objectContaining({
        path: 'flaky',
        name: 'flaky',
        parent_path: null,
        kind: 'container',
        state: 'SUCCEEDED',
        attempt: 2,
        max_attempts: 2,
        error: null,
      }),
    ]);
  });

  it('resumes the runs stream after Last-Event-ID, and asks to reload when the id is not known', async () => {
    const pending = runs.events.find((e) => e.data.run_id === flakyRunId && e.data.state === 'PENDING')!;
    const after = runs.events.filter((e) => seqOf(e) > seqOf(pending)).map((e) => e.id);
    const resumed = await openSse(`${server.url}/apis/skiff/v1/events/runs`, {
      ...AUTH,
      'last-event-id': pending.id!,
    });
    const got = await resumed.waitFor((e) => e.id === after.at(-1));
    resumed.close();
    expect(got.map((e) => e.id)).toEqual(after);
    const foreign = await openSse(`${server.url}/apis/skiff/v1/events/runs`, {
      ...AUTH,
      'last-event-id': 'abc.1',
    });
    const [reset] = await foreign.waitFor((e) => e.event === 'reset');
    foreign.close();
    expect(reset!.id).toMatch(/^[0-9a-f]+\.\d+$/);
  });

  it('needs the bearer token on both streams; an unknown run is 404', async () => {
    for (const path of [`/apis/skiff/v1/runs/${flakyRunId}/events`, '/apis/skiff/v1/events/runs']) {
      expect((await server.request(path)).status).toBe(401);
      expect((await server.request(path, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    }
    // A stream has no HEAD: 405, naming GET.
    const head = await server.request('/apis/skiff/v1/events/runs', { method: 'HEAD', headers: AUTH });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET');
    const missing = await server.request('/apis/skiff/v1/runs/no-such-run/events', { headers: AUTH });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ details: [{ reason: 'SKIFF_API_NOT_FOUND' }] });
  });

  it('tells a client that resumes after a run retry: PENDING again, the reset task, the new attempt, end', async () => {
    const failing = pipeline('fails', { boom: { script: 'exit 4' } }, { tasks: { boom: task('boom') } });
    const runId = await createRun(server, 'fails', failing);
    const url = `${server.url}/apis/skiff/v1/runs/${runId}/events`;
    const first = await openSse(url, AUTH);
    await first.ended;
    expect(first.events.at(-1)).toMatchObject({ event: 'end', data: { state: 'FAILED' } });
    const lastId = first.events.filter((e) => e.id !== undefined).at(-1)!.id!;
    const retried = await server.request(`/apis/v2beta1/runs/${runId}:retry`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(retried.status).toBe(200);
    const resumed = await openSse(url, { ...AUTH, 'last-event-id': lastId });
    await resumed.ended;
    expect(resumed.events[0]).toMatchObject({ event: 'run', data: { state: 'PENDING' } });
    expect(resumed.events[1]).toMatchObject({ event: 'task', data: { path: 'boom', state: 'PENDING' } });
    expect(resumed.events.some((e) => e.event === 'snapshot')).toBe(false);
    expect(
      resumed.events
        .filter((e) => e.event === 'attempt')
        .map((e) => [e.data.number, e.data.state, e.data.exit_code]),
    ).toEqual([
      [2, 'RUNNING', null],
      [2, 'FAILED', 4],
    ]);
    expect(resumed.events.at(-1)).toMatchObject({ event: 'end', data: { state: 'FAILED' } });
  });

  it('disconnects a client that stops reading instead of buffering for it without bound', async () => {
    runs.close();
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await until(() => server.events.stats().subscribers === 0);
    const before = server.events.stats();
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => undefined); // reset by the server: expected
    socket.write(
      `GET /apis/skiff/v1/events/runs HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${TOKEN}\r\n\r\n`,
    );
    socket.pause();
    await until(() => server.events.stats().subscribers === 1);
    // ~9 MB of run changes, more than the loopback socket buffers hold, for a client that reads none.
    for (let i = 0; i < 4000; i++) {
      server.events.publish({
        type: 'run',
        runId: `synthetic-${i}`,
        state: 'RUNNING',
        displayName: `synthetic ${i}`,
        error: 'e'.repeat(2000),
      });
    }
    const after = server.events.stats();
    expect(after).toMatchObject({ dropped: before.dropped + 1, subscribers: 0 });
    expect(after.maxPendingBytes).toBeLessThanOrEqual(MAX_PENDING_BYTES);
    socket.resume();
    await closed;
  });
});
