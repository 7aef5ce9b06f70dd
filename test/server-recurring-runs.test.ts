import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../src/metadata/index.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer } from './support/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
// biome-ignore lint/suspicious/noExplicitAny: API responses are probed field by field
type Json = Record<string, any>;

const V2 = '/apis/v2beta1';

const echo = JSON.parse(
  pipeline(
    'rr-echo',
    { say: { inputs: { text: 'STRING' }, script: 'echo "$0"', args: ["{{$.inputs.parameters['text']}}"] } },
    {
      tasks: { say: task('say', { inputs: { parameters: { text: { componentInputParameter: 'text' } } } }) },
      inputs: { text: 'STRING' },
    },
  ),
);
const napper = JSON.parse(
  pipeline('rr-nap', { nap: { script: 'sleep 2' } }, { tasks: { nap: task('nap') } }),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}
function client(server: () => Server) {
  return {
    post: (path: string, body: unknown) =>
      server().request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path: string) => server().request(path),
    del: (path: string) => server().request(path, { method: 'DELETE' }),
  };
}
/** The runs a recurring run created, oldest first (read from the server's own store). */
async function runsOf(server: Server, id: string): Promise<RunRecord[]> {
  const all = await server.services.metadata.runs.list();
  return all.filter((run) => run.recurringRunId === id).reverse();
}
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
/** The trigger time in a run name `<display_name>-<yyyyMMddHHmmss>`, as epoch seconds. */
function stampSeconds(run: RunRecord): number {
  const stamp = /-(\d{14})$/.exec(run.displayName)?.[1] ?? '';
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12)}Z`;
  return Date.parse(iso) / 1000;
}
const periodic = (seconds: number | string) => ({ periodic_schedule: { interval_second: seconds } });

describe('KFP v2beta1 recurring runs over real HTTP', () => {
  let server: Server;
  const api = client(() => server);
  const create = async (body: Json): Promise<Json> => {
    const response = await api.post(`${V2}/recurringruns`, body);
    const created = await json(response);
    expect(response.status, JSON.stringify(created)).toBe(200);
    return created;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('creates a cron recurring run and returns it in KFP shape from create, get and list', async () => {
    const created = await create({
      display_name: 'hourly echo',
      description: 'says hi every hour',
      experiment_id: 'exp-shape',
      pipeline_spec: { pipeline_spec: echo, platform_spec: { platforms: {} } },
      runtime_config: { parameters: { text: 'hi' } },
      max_concurrency: '3',
      trigger: { cron_schedule: { cron: '0 0 * * * *', start_time: '2026-01-01T00:00:00Z' } },
      mode: 'DISABLE',
      no_catchup: true,
    });
    expect(created).toMatchObject({
      display_name: 'hourly echo',
      description: 'says hi every hour',
      experiment_id: 'exp-shape',
      runtime_config: { parameters: { text: 'hi' } },
      max_concurrency: '3',
      trigger: { cron_schedule: { cron: '0 0 * * * *', start_time: '2026-01-01T00:00:00.000Z' } },
      mode: 'DISABLE',
      status: 'DISABLED',
      no_catchup: true,
      namespace: '',
      service_account: '',
    });
    expect(created.recurring_run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    // A wrapped spec comes back wrapped, as it was given.
    expect(created.pipeline_spec.pipeline_spec.pipelineInfo.name).toBe('rr-echo');
    expect(created.pipeline_spec.platform_spec).toEqual({ platforms: {} });
    expect(created.error).toBeUndefined();

    const got = await json(await api.get(`${V2}/recurringruns/${created.recurring_run_id}`));
    expect(got).toEqual(created);

    const second = await create({
      display_name: 'every minute',
      experiment_id: 'exp-shape',
      pipeline_spec: echo,
      runtime_config: { parameters: { text: 'a' } },
      trigger: periodic(60),
    });
    expect(second).toMatchObject({
      max_concurrency: '1',
      status: 'ENABLED',
      mode: 'ENABLE',
      trigger: { periodic_schedule: { interval_second: '60' } },
      no_catchup: false,
    });
    expect(Date.parse(second.skiff_next_scheduled_at) - Date.parse(second.created_at)).toBe(60_000);

    const first = await json(await api.get(`${V2}/recurringruns?experiment_id=exp-shape&page_size=1`));
    expect(first.total_size).toBe(2);
    expect(first.recurringRuns.map((rr: Json) => rr.display_name)).toEqual(['every minute']);
    expect(first.next_page_token).not.toBe('');
    const rest = await json(
      await api.get(
        `${V2}/recurringruns?experiment_id=exp-shape&page_size=1&page_token=${first.next_page_token}`,
      ),
    );
    expect(rest.recurringRuns.map((rr: Json) => rr.display_name)).toEqual(['hourly echo']);
    expect(rest.next_page_token).toBe('');
    const other = await json(await api.get(`${V2}/recurringruns?experiment_id=exp-other`));
    expect(other).toEqual({ recurringRuns: [], total_size: 0, next_page_token: '' });

    // A token is bound to its list: another experiment's list refuses it.
    const crossed = await api.get(
      `${V2}/recurringruns?experiment_id=exp-other&page_token=${first.next_page_token}`,
    );
    expect(crossed.status).toBe(400);
    expect((await json(crossed)).message).toMatch(/SKIFF_API_BAD_PAGE_TOKEN/);
    const tampered = await api.get(`${V2}/recurringruns?page_token=bm90LWEtdG9rZW4`);
    expect(tampered.status).toBe(400);

    expect((await api.del(`${V2}/recurringruns/${second.recurring_run_id}`)).status).toBe(200);
    expect((await api.get(`${V2}/recurringruns/${second.recurring_run_id}`)).status).toBe(404);
  });

  const valid = {
    display_name: 'x',
    pipeline_spec: echo,
    runtime_config: { parameters: { text: 'a' } },
    trigger: periodic(60),
  };
  it.each([
    ['malformed JSON', '{"display_name": ', /SKIFF_API_BAD_REQUEST/, undefined],
    ['an unknown field', { ...valid, colour: 'red' }, /colour/, undefined],
    ['no trigger', { ...valid, trigger: undefined }, /"trigger"/, undefined],
    ['an empty trigger', { ...valid, trigger: {} }, /neither/, 'trigger'],
    [
      'both schedules',
      { ...valid, trigger: { ...periodic(5), cron_schedule: { cron: '* * * * * *' } } },
      /both/,
      'trigger',
    ],
    [
      'a cron that does not parse',
      { ...valid, trigger: { cron_schedule: { cron: '0 61 * * * *' } } },
      /not a cron expression/,
      'trigger.cron_schedule.cron',
    ],
    [
      'a cron with 7 fields',
      { ...valid, trigger: { cron_schedule: { cron: '0 0 0 * * * 2030' } } },
      /not a cron expression/,
      'trigger.cron_schedule.cron',
    ],
    [
      'a cron that never fires',
      { ...valid, trigger: { cron_schedule: { cron: '0 0 0 30 2 *' } } },
      /never matches/,
      'trigger.cron_schedule.cron',
    ],
    [
      'interval_second 0',
      { ...valid, trigger: periodic('0') },
      /at least 1/,
      'trigger.periodic_schedule.interval_second',
    ],
    ['interval_second not a number', { ...valid, trigger: periodic('1h') }, /interval_second/, undefined],
    [
      'a start time that is not a time',
      { ...valid, trigger: { periodic_schedule: { interval_second: 5, start_time: 'tomorrow' } } },
      /RFC 3339/,
      'trigger.periodic_schedule.start_time',
    ],
    [
      'an end before the start',
      {
        ...valid,
        trigger: {
          cron_schedule: {
            cron: '0 * * * *',
            start_time: '2026-02-01T00:00:00Z',
            end_time: '2026-01-01T00:00:00Z',
          },
        },
      },
      /not after start_time/,
      'trigger.cron_schedule.end_time',
    ],
    ['max_concurrency 11', { ...valid, max_concurrency: '11' }, /between 1 and 10/, 'max_concurrency'],
    ['max_concurrency 0', { ...valid, max_concurrency: 0 }, /between 1 and 10/, 'max_concurrency'],
    ['a bad mode', { ...valid, mode: 'SOMETIMES' }, /"mode"/, undefined],
    ['no spec at all', { ...valid, pipeline_spec: undefined }, /pipeline_spec/, 'pipeline_spec'],
    [
      'an invalid spec',
      { ...valid, pipeline_spec: { pipelineInfo: { name: 'p' }, root: {} } },
      /SKIFF_IR_/,
      undefined,
    ],
    ['a missing required parameter', { ...valid, runtime_config: {} }, /SKIFF_ARG_MISSING/, undefined],
    [
      'a root no provider serves',
      { ...valid, runtime_config: { parameters: { text: 'a' }, pipeline_root: 'minio://b/p' } },
      /SKIFF_STORAGE_NO_PROVIDER/,
      undefined,
    ],
  ])('answers 400 naming the problem for %s, and stores nothing', async (_, body, message, location) => {
    const before = await server.services.metadata.recurringRuns.count();
    const response = await api.post(`${V2}/recurringruns`, body);
    expect(response.status).toBe(400);
    const error = await json(response);
    expect(error.code).toBe(3);
    expect(error.message).toMatch(message);
    if (location !== undefined) expect(error.details[0].metadata.location).toBe(location);
    expect(await server.services.metadata.recurringRuns.count()).toBe(before);
  });

  it('answers 404 for an unknown id on get, enable, disable and delete, and for an unknown action', async () => {
    for (const response of [
      await api.get(`${V2}/recurringruns/nope`),
      await api.post(`${V2}/recurringruns/nope:enable`, {}),
      await api.post(`${V2}/recurringruns/nope:disable`, {}),
      await api.del(`${V2}/recurringruns/nope`),
    ]) {
      expect(response.status).toBe(404);
      expect((await json(response)).message).toMatch(/SKIFF_API_NOT_FOUND: no recurring run has id "nope"/);
    }
    const created = await create({ ...valid, mode: 'DISABLE' });
    const odd = await api.post(`${V2}/recurringruns/${created.recurring_run_id}:pause`, {});
    expect(odd.status).toBe(404);
  });

  it('fires a 1 s periodic trigger: runs appear and succeed; disable stops them, enable resumes', async () => {
    const rr = await create({ ...valid, display_name: 'tick', max_concurrency: 10, trigger: periodic(1) });
    const id = rr.recurring_run_id as string;
    const firstRuns = await waitFor('two runs', async () => {
      const runs = await runsOf(server, id);
      return runs.length >= 2 ? runs : undefined;
    });
    const run = await json(await api.get(`${V2}/runs/${firstRuns[0]!.id}`));
    expect(run.recurring_run_id).toBe(id);
    expect(run.display_name).toMatch(/^tick-\d{14}$/);
    expect(run.runtime_config.parameters).toEqual({ text: 'a' });
    await waitFor('the first run to succeed', async () => {
      const state = (await server.services.metadata.runs.get(firstRuns[0]!.id))?.state;
      return state === 'SUCCEEDED' ? state : undefined;
    });

    expect((await api.post(`${V2}/recurringruns/${id}:disable`, {})).status).toBe(200);
    const disabled = await json(await api.get(`${V2}/recurringruns/${id}`));
    expect(disabled).toMatchObject({ status: 'DISABLED', mode: 'DISABLE' });
    const atDisable = (await runsOf(server, id)).length;
    await sleep(2500);
    expect((await runsOf(server, id)).length).toBe(atDisable);

    expect((await api.post(`${V2}/recurringruns/${id}:enable`, {})).status).toBe(200);
    await waitFor('runs after enable', async () =>
      (await runsOf(server, id)).length >= atDisable + 2 ? true : undefined,
    );
    // Enabling resumes from now: the 2.5 s while disabled are not caught up.
    const runs = await runsOf(server, id);
    const stamps = runs.map(stampSeconds);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(stamps[atDisable]! - stamps[atDisable - 1]!).toBeGreaterThanOrEqual(3);
    await api.del(`${V2}/recurringruns/${id}`);
  });

  it('with max_concurrency 1 and a 2 s task, keeps one unfinished run at a time and skips the triggers between', async () => {
    const rr = await create({
      display_name: 'nap',
      pipeline_spec: napper,
      max_concurrency: '1',
      trigger: periodic(1),
    });
    const id = rr.recurring_run_id as string;
    const deadline = Date.now() + 6000;
    let most = 0;
    while (Date.now() < deadline) {
      const unfinished = (await runsOf(server, id)).filter((r) => ['PENDING', 'RUNNING'].includes(r.state));
      most = Math.max(most, unfinished.length);
      await sleep(50);
    }
    const runs = await runsOf(server, id);
    expect(most).toBe(1);
    // Triggers at 1 s intervals for 6 s, each run lasting over 2 s: at least 2, at most 3 runs.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(3);
    expect(runs[0]!.state).toBe('SUCCEEDED');

    // Deleting it stops the triggers and keeps the runs it made.
    expect((await api.del(`${V2}/recurringruns/${id}`)).status).toBe(200);
    const atDelete = (await runsOf(server, id)).length;
    await sleep(3500);
    expect((await runsOf(server, id)).length).toBe(atDelete);
  });
});

describe('recurring runs across a server restart', () => {
  it('continue without duplicates: missed triggers run after the restart (no_catchup: only the latest)', async () => {
    let server = await startTestServer();
    const api = client(() => server);
    const body = {
      pipeline_spec: echo,
      runtime_config: { parameters: { text: 'again' } },
      max_concurrency: 10,
      trigger: periodic(1),
    };
    const catchUp = (await json(await api.post(`${V2}/recurringruns`, { ...body, display_name: 'catch' })))
      .recurring_run_id as string;
    const latest = (
      await json(await api.post(`${V2}/recurringruns`, { ...body, display_name: 'latest', no_catchup: true }))
    ).recurring_run_id as string;
    try {
      await waitFor('runs before the restart', async () =>
        (await runsOf(server, catchUp)).length >= 2 && (await runsOf(server, latest)).length >= 2
          ? true
          : undefined,
      );
      await server.close();
      const stoppedAt = Date.now();
      await sleep(4000);
      const restartedAt = Date.now();
      server = await startTestServer({ SKIFF_HOME: server.home });
      await sleep(2500);
      await api.post(`${V2}/recurringruns/${catchUp}:disable`, {});
      await api.post(`${V2}/recurringruns/${latest}:disable`, {});
      // Whole seconds in which no server ran: their triggers were missed.
      const down = (stamp: number) =>
        stamp >= Math.ceil(stoppedAt / 1000) + 1 && stamp <= Math.floor(restartedAt / 1000) - 1;

      const caught = (await runsOf(server, catchUp)).map(stampSeconds).sort((a, b) => a - b);
      expect(new Set(caught).size).toBe(caught.length);
      // Every second from the first trigger to the last has exactly one run: nothing lost, nothing twice.
      expect(caught.at(-1)! - caught[0]!).toBe(caught.length - 1);
      expect(caught.filter(down).length).toBeGreaterThanOrEqual(1);

      const skipping = (await runsOf(server, latest)).map(stampSeconds).sort((a, b) => a - b);
      expect(new Set(skipping).size).toBe(skipping.length);
      // no_catchup: the triggers missed while down were skipped, but the latest (at the restart) ran.
      expect(skipping.filter(down)).toEqual([]);
      expect(skipping.filter((stamp) => stamp * 1000 > stoppedAt).length).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
  });
});
