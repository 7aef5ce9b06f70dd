import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT_ID } from '../src/metadata/index.js';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import {
  client,
  creators,
  echo,
  json,
  napper,
  periodic,
  runsOf,
  type Server,
  sleep,
  stampSeconds,
  V2,
  validRecurringRun,
  waitFor,
} from './support/recurring-runs.js';
import { startTestServer } from './support/server.js';

/** The recurring runs API suite, on a metadata store given by `env()` (SQLite, or PostgreSQL). */
function recurringRunsApiSuite(store: string, env: StoreEnv): void {
  describe(`KFP v2beta1 recurring runs over real HTTP (${store})`, () => {
    let server: Server;
    const api = client(() => server);
    const { create, createExperiment } = creators(api);
    const valid = validRecurringRun;

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
        'interval_second past 2^53 as digits',
        { ...valid, trigger: periodic('99999999999999999999999') },
        /interval_second.*between -9007199254740991 and 9007199254740991/,
        undefined,
      ],
      [
        'interval_second past 100 years (its next time would be no date)',
        { ...valid, trigger: periodic('9007199254740991') },
        /at most 3162240000 \(100 years\)/,
        'trigger.periodic_schedule.interval_second',
      ],
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
}

await onEachMetadataStore(
  'KFP v2beta1 recurring runs over real HTTP',
  'recurring_api',
  recurringRunsApiSuite,
);
