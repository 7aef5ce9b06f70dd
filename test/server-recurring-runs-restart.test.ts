import { describe, expect, it } from 'vitest';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import {
  client,
  echo,
  type Json,
  json,
  runsOf,
  sleep,
  stamper,
  stampSeconds,
  V2,
  waitFor,
} from './support/recurring-runs.js';
import { startTestServer } from './support/server.js';

/** Recurring runs across a server restart, on a metadata store given by `env()`. */
function restartSuite(store: string, env: StoreEnv): void {
  describe(`recurring runs across a server restart (${store})`, () => {
    it('continue without duplicates: missed triggers run after the restart (no_catchup: only the latest), scheduled at their trigger times', async () => {
      const base = await env();
      let server = await startTestServer(base);
      const api = client(() => server);
      const body = {
        pipeline_spec: echo,
        runtime_config: { parameters: { text: 'again' } },
        max_concurrency: 10,
        // On whole seconds, like `catch` below: the down window is counted in whole seconds, and a
        // trigger at .6 s before the restart would otherwise carry the second before it.
        trigger: { periodic_schedule: { interval_second: 1, start_time: '2020-01-01T00:00:00Z' } },
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

await onEachMetadataStore('recurring runs across a server restart', 'recurring_restart', restartSuite);
