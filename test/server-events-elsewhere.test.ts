import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, lastJson } from './support/cli.js';
import { startRunElsewhere } from './support/elsewhere-run.js';
import { startTestServer } from './support/server.js';
import { openSse, type SseClient, type SseEvent } from './support/sse.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe("live events of a run that another process executes (`skiff run` on the server's store)", () => {
  let server: Server;
  let list: SseClient;
  let runEvents: SseEvent[];
  let runId: string;
  let cli: CliResult;

  beforeAll(async () => {
    server = await startTestServer({}, { eventLimits: { storePollMs: 100, heartbeatMs: 300 } });
    list = await openSse(`${server.url}/apis/skiff/v1/events/runs`);
    const run = await startRunElsewhere(server);
    runId = run.runId;
    const stream = await openSse(`${server.url}/apis/skiff/v1/runs/${runId}/events`);
    await stream.waitFor((event) => event.event === 'snapshot' && event.data.complete === true);
    run.openGate();
    // Without live events for runs executed elsewhere, the stream stays at its snapshot.
    await stream.waitFor((event) => event.event === 'end', 30_000);
    await stream.ended;
    runEvents = stream.events;
    cli = await run.result;
    await list.waitFor((event) => event.data?.run_id === runId && event.data.state === 'SUCCEEDED', 10_000);
  }, 90_000);

  afterAll(async () => {
    list?.close();
    await server?.close();
  });

  it('the run executed elsewhere succeeded', () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(lastJson(cli.stdout)).toMatchObject({ run_id: runId, state: 'SUCCEEDED' });
  });

  it('its stream sends the snapshot, then each change read from the store, the final state and end', () => {
    const names = runEvents.map((event) => event.event);
    expect(names[0]).toBe('snapshot');
    expect(runEvents[0]!.data.run).toMatchObject({ run_id: runId, state: 'RUNNING' });
    const at = (name: string, fields: Record<string, unknown>) =>
      runEvents.findIndex(
        (event) => event.event === name && Object.entries(fields).every(([k, v]) => event.data[k] === v),
      );
    const waitDone = at('task', { path: 'wait', state: 'SUCCEEDED' });
    const fail1 = at('attempt', { path: 'flaky', number: 1, state: 'FAILED' });
    const ok2 = at('attempt', { path: 'flaky', number: 2, state: 'SUCCEEDED' });
    const flakyDone = at('task', { path: 'flaky', state: 'SUCCEEDED' });
    const runDone = at('run', { state: 'SUCCEEDED' });
    for (const index of [waitDone, fail1, ok2, flakyDone, runDone]) expect(index).toBeGreaterThan(0);
    expect(runEvents[fail1]!.data).toMatchObject({ exit_code: 3, failure_kind: 'USER', max_attempts: 2 });
    expect(fail1).toBeLessThan(ok2);
    expect(ok2).toBeLessThan(runDone);
    expect(flakyDone).toBeLessThan(runDone);
    expect(names.at(-1)).toBe('end');
    expect(runEvents.at(-1)!.data).toEqual({ run_id: runId, state: 'SUCCEEDED' });
    // Changes carry ids (a reconnect resumes after them), and no message repeats the whole run.
    for (const event of runEvents.slice(1, -1)) expect(event.id).toMatch(/^[0-9a-f]+\.\d+$/);
    expect(runEvents.filter((event) => event.event === 'snapshot')).toHaveLength(1);
  });

  it('the runs list stream reports the new run and its final state', () => {
    const mine = list.events.filter((event) => event.data?.run_id === runId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]!.data.state).not.toBe('SUCCEEDED');
    expect(mine.at(-1)!.data).toMatchObject({ state: 'SUCCEEDED', display_name: expect.any(String) });
    expect(mine.at(-1)!.data.end_time).toMatch(/Z$/);
  });
});
