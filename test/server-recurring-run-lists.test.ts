import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { filterParam } from './support/kfp-api.js';
import {
  client,
  creators,
  type Json,
  json,
  type Server,
  sleep,
  V2,
  validRecurringRun,
} from './support/recurring-runs.js';
import { startTestServer } from './support/server.js';

/** Lists of recurring runs (filter, sort_by, page tokens), on a metadata store given by `env()`. */
function recurringRunListsSuite(store: string, env: StoreEnv): void {
  describe(`KFP v2beta1 recurring run lists over real HTTP (${store})`, () => {
    let server: Server;
    const api = client(() => server);
    const { create, createExperiment } = creators(api);
    const valid = validRecurringRun;

    beforeAll(async () => {
      server = await startTestServer(await env());
    });
    afterAll(async () => server?.close());

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
  });
}

await onEachMetadataStore(
  'KFP v2beta1 recurring run lists over real HTTP',
  'recurring_lists',
  recurringRunListsSuite,
);
