import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT_ID, type RunRecord } from '../src/metadata/index.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { filterParam } from './support/kfp-api.js';
import { freshDatabase, startPostgres } from './support/postgres.js';
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
/** Writes what `{{$.pipeline_job_schedule_time_utc}}` gave it, as an input constant and in its args. */
const stamper = JSON.parse(
  pipeline(
    'rr-stamp',
    {
      stamp: {
        inputs: { given: 'STRING' },
        outputs: { fromInput: 'STRING', fromArgs: 'STRING' },
        script: 'mkdir -p "$(dirname "$2")" "$(dirname "$3")"; printf %s "$0" > "$2"; printf %s "$1" > "$3"',
        args: [
          "{{$.inputs.parameters['given']}}",
          '{{$.pipeline_job_schedule_time_utc}}',
          "{{$.outputs.parameters['fromInput'].output_file}}",
          "{{$.outputs.parameters['fromArgs'].output_file}}",
        ],
      },
    },
    {
      tasks: {
        stamp: task('stamp', {
          inputs: { parameters: { given: from.constant('{{$.pipeline_job_schedule_time_utc}}') } },
        }),
      },
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

/** The recurring runs API suite, on a metadata store given by `env()` (SQLite, or PostgreSQL). */
function recurringRunsApiSuite(store: string, env: () => Promise<Record<string, string>>): void {
  describe(`KFP v2beta1 recurring runs over real HTTP (${store})`, () => {
    let server: Server;
    const api = client(() => server);
    const create = async (body: Json): Promise<Json> => {
      const response = await api.post(`${V2}/recurringruns`, body);
      const created = await json(response);
      expect(response.status, JSON.stringify(created)).toBe(200);
      return created;
    };
    const createExperiment = async (name: string): Promise<string> => {
      const response = await api.post(`${V2}/experiments`, { display_name: name });
      expect(response.status).toBe(200);
      return (await json(response)).experiment_id as string;
    };
    const valid = {
      display_name: 'x',
      pipeline_spec: echo,
      runtime_config: { parameters: { text: 'a' } },
      trigger: periodic(60),
    };

    beforeAll(async () => {
      server = await startTestServer(await env());
    });
    afterAll(async () => server?.close());

    it('creates a cron recurring run and returns it in KFP shape from create, get and list', async () => {
      const experimentId = await createExperiment('rr-shape');
      const created = await create({
        display_name: 'hourly echo',
        description: 'says hi every hour',
        experiment_id: experimentId,
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
        experiment_id: experimentId,
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
        experiment_id: experimentId,
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
      const listed = await json(await api.get(`${V2}/recurringruns?experiment_id=${experimentId}`));
      expect(listed).toEqual({ recurringRuns: [second, created], total_size: 2 });
      // Without experiment_id, a recurring run goes to the Default experiment (as in KFP).
      const unfiled = await create({ ...valid, mode: 'DISABLE' });
      expect(unfiled.experiment_id).toBe(DEFAULT_EXPERIMENT_ID);

      expect((await api.del(`${V2}/recurringruns/${second.recurring_run_id}`)).status).toBe(200);
      expect((await api.get(`${V2}/recurringruns/${second.recurring_run_id}`)).status).toBe(404);
      const unknown = await api.post(`${V2}/recurringruns`, {
        ...valid,
        experiment_id: 'no-such-experiment',
      });
      expect(unknown.status).toBe(404);
      expect((await json(unknown)).details[0].metadata.location).toBe('experiment_id');
    });

    it('lists with filter, sort_by and signed page tokens, like runs and experiments', async () => {
      const experimentId = await createExperiment('rr-listing');
      // Created in this order; names sort otherwise. A yearly cron never fires during the test.
      const names = ['list-c', 'list-a', 'list-e', 'list-b', 'list-g', 'list-d', 'list-f'];
      const created: Json[] = [];
      for (const [i, name] of names.entries()) {
        created.push(
          await create({
            ...valid,
            display_name: name,
            experiment_id: experimentId,
            trigger: { cron_schedule: { cron: '0 0 0 1 1 *' } },
            mode: i % 3 === 0 ? 'ENABLE' : 'DISABLE',
          }),
        );
        // Distinct creation times, so orders by created_at are fully determined.
        await sleep(3);
      }
      const inExperiment = `${V2}/recurringruns?experiment_id=${experimentId}`;
      const list = async (query: string) => {
        const response = await api.get(`${inExperiment}&${query}`);
        const body = await json(response);
        expect(response.status, JSON.stringify(body)).toBe(200);
        return body;
      };
      const namesOf = async (query: string) =>
        ((await list(query)).recurringRuns as Json[]).map((rr) => rr.display_name);

      // Newest first by default; sort_by created_at, display_name either way.
      expect(await namesOf('')).toEqual([...names].reverse());
      expect(await namesOf('sort_by=created_at')).toEqual(names);
      expect(await namesOf(`sort_by=${encodeURIComponent('display_name desc')}&page_size=3`)).toEqual([
        'list-g',
        'list-f',
        'list-e',
      ]);

      // Pages of 3 by name: every item once, the total on each page, no token on the last.
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const tokenParam = token === undefined ? '' : `&page_token=${encodeURIComponent(token)}`;
        const page = await list(`sort_by=display_name&page_size=3${tokenParam}`);
        expect(page.total_size).toBe(7);
        pages.push((page.recurringRuns as Json[]).map((rr) => rr.display_name));
        token = page.next_page_token;
      } while (token !== undefined);
      expect(pages).toEqual([['list-a', 'list-b', 'list-c'], ['list-d', 'list-e', 'list-f'], ['list-g']]);

      // Filters: status and mode (the same stored value), names, times.
      const enabled = ['list-c', 'list-b', 'list-f'];
      expect(await namesOf(filterParam('status', 'EQUALS', { string_value: 'ENABLED' }))).toEqual(
        [...enabled].reverse(),
      );
      expect(
        await namesOf(`sort_by=created_at&${filterParam('mode', 'EQUALS', { string_value: 'ENABLE' })}`),
      ).toEqual(enabled);
      expect(
        await namesOf(`sort_by=created_at&${filterParam('mode', 'NOT_EQUALS', { stringValue: 'ENABLE' })}`),
      ).toEqual(names.filter((name) => !enabled.includes(name)));
      expect(
        await namesOf(
          `sort_by=display_name&${filterParam('display_name', 'IN', { string_values: { values: ['list-a', 'list-g', 'nope'] } })}`,
        ),
      ).toEqual(['list-a', 'list-g']);
      const after = created[3]!.created_at as string;
      expect(
        await namesOf(
          `sort_by=created_at&${filterParam('created_at', 'GREATER_THAN', { timestamp_value: after })}`,
        ),
      ).toEqual(['list-g', 'list-d', 'list-f']);
      // A recurring run filter on the whole list (no experiment_id) finds them too.
      const everywhere = await json(
        await api.get(
          `${V2}/recurringruns?${filterParam('display_name', 'EQUALS', { string_value: 'list-e' })}`,
        ),
      );
      expect(everywhere.recurringRuns.map((rr: Json) => rr.recurring_run_id)).toEqual([
        created[2]!.recurring_run_id,
      ]);

      // A page token is bound to its list and signed: another sort, another experiment, or a changed
      // byte is refused with 400 naming page_token.
      const first = await list('sort_by=display_name&page_size=2');
      const next = String(first.next_page_token);
      const refused = async (path: string) => {
        const response = await api.get(path);
        const body = await json(response);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(body.details[0].reason).toBe('SKIFF_API_BAD_PAGE_TOKEN');
        expect(body.message).toMatch(/page_token/);
      };
      const flipped = `${next.slice(0, 5)}${next[5] === 'A' ? 'B' : 'A'}${next.slice(6)}`;
      await refused(
        `${inExperiment}&sort_by=display_name&page_size=2&page_token=${encodeURIComponent(flipped)}`,
      );
      await refused(`${inExperiment}&sort_by=created_at&page_size=2&page_token=${encodeURIComponent(next)}`);
      await refused(
        `${V2}/recurringruns?sort_by=display_name&page_size=2&page_token=${encodeURIComponent(next)}`,
      );
      await refused(`${inExperiment}&page_token=bm90LWEtdG9rZW4`);
      expect(
        await namesOf(`sort_by=display_name&page_size=2&page_token=${encodeURIComponent(next)}`),
      ).toEqual(['list-c', 'list-d']);
    });

    it.each([
      [
        'an unparsable filter',
        `filter=${encodeURIComponent('{"predicates": [')}`,
        'SKIFF_API_BAD_FILTER',
        /^SKIFF_API_BAD_FILTER: filter .* is not JSON/,
      ],
      [
        'a filter key recurring runs lack',
        filterParam('colour', 'EQUALS', { string_value: 'red' }),
        'SKIFF_API_BAD_FILTER',
        /filter\.predicates\[0\] has key "colour".*keys: recurring_run_id/,
      ],
      [
        'a status that does not exist',
        filterParam('status', 'EQUALS', { string_value: 'PAUSED' }),
        'SKIFF_API_BAD_FILTER',
        /filter\.predicates\[0\] \(key "status"/,
      ],
      [
        'a time that is not a time',
        filterParam('created_at', 'GREATER_THAN', { timestamp_value: 'soon' }),
        'SKIFF_API_BAD_FILTER',
        /RFC 3339/,
      ],
      ['a sort key recurring runs lack', 'sort_by=colour', 'SKIFF_API_BAD_REQUEST', /sort_by "colour"/],
      [
        'a key that cannot be sorted by',
        'sort_by=experiment_id',
        'SKIFF_API_BAD_REQUEST',
        /sort_by "experiment_id"/,
      ],
      ['a page size past 1000', 'page_size=5000', 'SKIFF_API_BAD_REQUEST', /page_size "5000"/],
    ])('answers a list with %s with 400 naming the field', async (_, query, code, message) => {
      const response = await api.get(`${V2}/recurringruns?${query}`);
      const body = await json(response);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.details[0].reason).toBe(code);
      expect(body.message).toMatch(message);
    });

    it('gives a run made by hand its creation time as scheduled time', async () => {
      const response = await api.post(`${V2}/runs`, {
        display_name: 'by hand',
        pipeline_spec: echo,
        runtime_config: { parameters: { text: 'now' } },
      });
      const run = await json(response);
      expect(response.status, JSON.stringify(run)).toBe(200);
      expect(run.scheduled_at).toBe(run.created_at);
      expect((await json(await api.get(`${V2}/runs/${run.run_id}`))).scheduled_at).toBe(run.created_at);
    });

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
      // Scheduled at its trigger time (the second its name stamps), made at or after it.
      expect(Math.floor(Date.parse(run.scheduled_at) / 1000)).toBe(stampSeconds(firstRuns[0]!));
      expect(Date.parse(run.scheduled_at)).toBeLessThanOrEqual(Date.parse(run.created_at));
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

  describe(`recurring runs across a server restart (${store})`, () => {
    it('continue without duplicates: missed triggers run after the restart (no_catchup: only the latest), scheduled at their trigger times', async () => {
      const base = await env();
      let server = await startTestServer(base);
      const api = client(() => server);
      const body = {
        pipeline_spec: echo,
        runtime_config: { parameters: { text: 'again' } },
        max_concurrency: 10,
        trigger: periodic(1),
      };
      // Triggers on whole seconds; its task writes down the schedule time it was given.
      const catchUp = (
        await json(
          await api.post(`${V2}/recurringruns`, {
            display_name: 'catch',
            pipeline_spec: stamper,
            max_concurrency: 10,
            trigger: { periodic_schedule: { interval_second: 1, start_time: '2020-01-01T00:00:00Z' } },
          }),
        )
      ).recurring_run_id as string;
      const latest = (
        await json(
          await api.post(`${V2}/recurringruns`, { ...body, display_name: 'latest', no_catchup: true }),
        )
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
        server = await startTestServer({ ...base, SKIFF_HOME: server.home });
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

        // A catch-up run made after the restart for a trigger while down says when it was scheduled,
        // not when it was made, and its task saw that time in the placeholder, both ways it can ask.
        const missed = (await runsOf(server, catchUp)).find((run) => down(stampSeconds(run)));
        const done = await waitFor('the catch-up run to succeed', async () => {
          const run = await json(await api.get(`${V2}/runs/${missed!.id}`));
          return run.state === 'SUCCEEDED' ? run : undefined;
        });
        const scheduledAt = new Date(stampSeconds(missed!) * 1000).toISOString();
        expect(done.scheduled_at).toBe(scheduledAt);
        expect(Date.parse(done.created_at) - Date.parse(scheduledAt)).toBeGreaterThanOrEqual(1000);
        const stamp = done.run_details.task_details.find((t: Json) => t.display_name === 'stamp');
        expect(stamp.outputs.parameters).toEqual({ fromInput: scheduledAt, fromArgs: scheduledAt });
      } finally {
        await server.close();
      }
    });
  });
}

recurringRunsApiSuite('SQLite', async () => ({}));

const postgres = await startPostgres();
if ('reason' in postgres) {
  describe.skip(`KFP v2beta1 recurring runs over real HTTP (PostgreSQL skipped: ${postgres.reason})`, () => {
    it('runs the recurring runs API suite on PostgreSQL', () => undefined);
  });
} else {
  afterAll(() => postgres.stop());
  recurringRunsApiSuite('PostgreSQL', async () => ({
    SKIFF_METADATA_URL: await freshDatabase(postgres, 'recurring_api'),
  }));
}
