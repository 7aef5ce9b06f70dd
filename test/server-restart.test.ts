import { afterAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer } from './support/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Json = {
  state: string;
  run_details?: {
    task_details: {
      display_name: string;
      state: string;
      skiff_attempts: { state: string; failure_kind?: string }[];
    }[];
  };
};

// A server stopped while a run executes leaves it to the next start, which resumes it: finished
// tasks are kept, the task whose process was cut off is retried by its policy.
const spec = JSON.parse(
  pipeline(
    'restart',
    { first: { script: 'echo first' }, slow: { script: 'sleep 2; echo slow done' } },
    {
      tasks: {
        first: task('first'),
        slow: task('slow', {
          dependentTasks: ['first'],
          retryPolicy: { maxRetryCount: 2, backoffDuration: '0s' },
        }),
      },
    },
  ),
);

const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await server.close().catch(() => undefined);
});

async function poll(server: Server, runId: string, until: (run: Json) => boolean): Promise<Json> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = (await (await server.request(`/apis/v2beta1/runs/${runId}`)).json()) as Json;
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a server restart', () => {
  it('resumes the runs the stopped server left, keeping finished tasks', async () => {
    const first = await startTestServer({}, { shutdownGraceMs: 200 });
    servers.push(first);
    const created = await first.request('/apis/v2beta1/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: 'survives', pipeline_spec: spec }),
    });
    const { run_id: runId } = (await created.json()) as { run_id: string };
    await poll(first, runId, (run) =>
      Boolean(run.run_details?.task_details.some((t) => t.display_name === 'slow' && t.state === 'RUNNING')),
    );
    await first.close();

    const second = await startTestServer({}, { home: first.home });
    servers.push(second);
    const done = await poll(second, runId, (run) => ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(run.state));
    expect(done.state).toBe('SUCCEEDED');
    const tasks = done.run_details!.task_details;
    expect(tasks.find((t) => t.display_name === 'first')!.skiff_attempts).toHaveLength(1);
    const slow = tasks.find((t) => t.display_name === 'slow')!.skiff_attempts;
    expect(slow.map((a) => [a.state, a.failure_kind ?? null])).toEqual([
      ['FAILED', 'SYSTEM'],
      ['SUCCEEDED', null],
    ]);
  });
});

describe('page tokens across a restart', () => {
  it('accepts a page token issued before the restart and serves the next page', async () => {
    const first = await startTestServer({}, { shutdownGraceMs: 200 });
    servers.push(first);
    for (const name of ['e1', 'e2', 'e3']) {
      const created = await first.request('/apis/v2beta1/experiments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ display_name: name }),
      });
      expect(created.status).toBe(200);
    }
    const page = '/apis/v2beta1/experiments?page_size=2&sort_by=display_name';
    const one = (await (await first.request(page)).json()) as { next_page_token: string };
    expect(one.next_page_token).not.toBe('');
    await first.close();

    const second = await startTestServer({}, { home: first.home });
    servers.push(second);
    const next = await second.request(`${page}&page_token=${encodeURIComponent(one.next_page_token)}`);
    expect(next.status).toBe(200);
    const two = (await next.json()) as { experiments: { display_name: string }[] };
    // The Default experiment sorts first: page one is Default, e1; page two is e2, e3.
    expect(two.experiments.map((e) => e.display_name)).toEqual(['e2', 'e3']);

    // A token altered by one character is still refused.
    const altered = `${one.next_page_token.slice(0, -1)}${one.next_page_token.endsWith('A') ? 'B' : 'A'}`;
    const refused = await second.request(`${page}&page_token=${encodeURIComponent(altered)}`);
    expect(refused.status).toBe(400);
  });
});
