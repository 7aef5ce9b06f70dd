import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT_ID } from '../src/metadata/index.js';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, filterParam, type TestServer } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

const BASE = '/apis/v2beta1/experiments';
const V2 = '/apis/v2beta1';
const quick = JSON.parse(pipeline('exp-quick', { ok: { script: 'true' } }, { tasks: { ok: task('ok') } }));
/** A recurring run body that never fires during a test (once a year). */
const yearly = (experimentId: string, mode: 'ENABLE' | 'DISABLE' = 'ENABLE') => ({
  display_name: `yearly-${mode}`,
  experiment_id: experimentId,
  pipeline_spec: quick,
  trigger: { cron_schedule: { cron: '0 0 0 1 1 *' } },
  mode,
});

/** The experiments API suite, on a metadata store given by `env()` (SQLite, or PostgreSQL). */
function experimentsApiSuite(store: string, env: StoreEnv): void {
  describe(`KFP v2beta1 experiments over real HTTP (${store})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(await env());
      // 45 experiments besides the default one, created in order.
      for (let i = 0; i < 45; i++) {
        const answer = await callJson(server, 'POST', BASE, {
          display_name: `exp-${String(i).padStart(2, '0')}`,
          description: i % 2 === 0 ? 'even' : 'odd',
        });
        expect(answer.status).toBe(200);
        // Distinct creation times, so orders by created_at are fully determined.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    afterAll(async () => server?.close());

    const listNames = async (query: string) => {
      const { status, json } = await callJson(server, 'GET', `${BASE}?${query}`);
      expect(status, JSON.stringify(json)).toBe(200);
      return (json.experiments as { display_name: string }[] | undefined)?.map((e) => e.display_name) ?? [];
    };

    it('creates an experiment and answers it in KFP shape', async () => {
      const created = await callJson(server, 'POST', BASE, {
        display_name: 'shape',
        description: 'd',
        namespace: '',
      });
      expect(created.json).toEqual({
        experiment_id: expect.any(String),
        display_name: 'shape',
        description: 'd',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        namespace: '',
        storage_state: 'AVAILABLE',
        last_run_created_at: '1970-01-01T00:00:00Z',
      });
      const got = await callJson(server, 'GET', `${BASE}/${created.json.experiment_id}`);
      expect(got.json).toEqual(created.json);
      expectError(await callJson(server, 'POST', BASE, { display_name: 'shape' }), 409, 'SKIFF_API_CONFLICT');
    });

    it('has the Default experiment with a stable id, which cannot be deleted', async () => {
      const got = await callJson(server, 'GET', `${BASE}/${DEFAULT_EXPERIMENT_ID}`);
      expect(got.json).toMatchObject({ display_name: 'Default', storage_state: 'AVAILABLE' });
      expectError(
        await callJson(server, 'DELETE', `${BASE}/${DEFAULT_EXPERIMENT_ID}`),
        400,
        'SKIFF_API_PRECONDITION',
      );
    });

    it('pages through 45 experiments 20 at a time: 3 pages, none lost, none twice', async () => {
      const filter = filterParam('display_name', 'IS_SUBSTRING', { string_value: 'exp-' });
      const seen: string[] = [];
      const sizes: number[] = [];
      let token = '';
      for (let page = 0; page < 5; page++) {
        const tokenParam = token === '' ? '' : `&page_token=${encodeURIComponent(token)}`;
        const { json } = await callJson(
          server,
          'GET',
          `${BASE}?page_size=20&sort_by=created_at&${filter}${tokenParam}`,
        );
        const names = (json.experiments as { display_name: string }[]).map((e) => e.display_name);
        expect(json.total_size).toBe(45);
        seen.push(...names);
        sizes.push(names.length);
        if (json.next_page_token === undefined) break;
        token = String(json.next_page_token);
      }
      expect(sizes).toEqual([20, 20, 5]);
      expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `exp-${String(i).padStart(2, '0')}`));
    });

    it('sorts by display_name in both directions, newest first by default', async () => {
      const filter = filterParam('display_name', 'IS_SUBSTRING', { string_value: 'exp-' });
      expect(await listNames(`sort_by=display_name&page_size=3&${filter}`)).toEqual([
        'exp-00',
        'exp-01',
        'exp-02',
      ]);
      expect(
        await listNames(`sort_by=${encodeURIComponent('display_name desc')}&page_size=3&${filter}`),
      ).toEqual(['exp-44', 'exp-43', 'exp-42']);
      expect(await listNames(`page_size=2&${filter}`)).toEqual(['exp-44', 'exp-43']);
    });

    it('filters with EQUALS, IN, IS_SUBSTRING and the v1 shape', async () => {
      expect(await listNames(filterParam('display_name', 'EQUALS', { string_value: 'exp-07' }))).toEqual([
        'exp-07',
      ]);
      const inFilter = filterParam('display_name', 'IN', {
        string_values: { values: ['exp-01', 'exp-03', 'nope'] },
      });
      expect(await listNames(`sort_by=display_name&${inFilter}`)).toEqual(['exp-01', 'exp-03']);
      expect(
        await listNames(
          `sort_by=display_name&${filterParam('display_name', 'IS_SUBSTRING', { string_value: 'p-4' })}`,
        ),
      ).toEqual(['exp-40', 'exp-41', 'exp-42', 'exp-43', 'exp-44']);
      const v1 = encodeURIComponent(
        JSON.stringify({ predicates: [{ key: 'name', op: 'EQUALS', string_value: 'exp-09' }] }),
      );
      expect(await listNames(`filter=${v1}`)).toEqual(['exp-09']);
    });

    it('finds an experiment by display_name filter, or creates it when missing (kfp.Client flow)', async () => {
      const getOrCreate = async (name: string) => {
        // As kfp.Client sends it: the operation as its proto number, camelCase stringValue, an empty namespace.
        const filter = encodeURIComponent(
          JSON.stringify({ predicates: [{ operation: 1, key: 'display_name', stringValue: name }] }),
        );
        const found = await callJson(server, 'GET', `${BASE}?filter=${filter}&namespace=`);
        const list = found.json.experiments as { experiment_id: string }[] | undefined;
        if (list?.[0] !== undefined) return { id: list[0].experiment_id, created: false };
        const created = await callJson(server, 'POST', BASE, { display_name: name, namespace: '' });
        return { id: String(created.json.experiment_id), created: true };
      };
      const first = await getOrCreate('notebook-exp');
      const second = await getOrCreate('notebook-exp');
      expect(first.created).toBe(true);
      expect(second).toEqual({ id: first.id, created: false });
      const missing = await callJson(
        server,
        'GET',
        `${BASE}?${filterParam('display_name', 'EQUALS', { string_value: 'none' })}`,
      );
      expect(missing.json).toEqual({ experiments: [], total_size: 0 });
    });

    it('archives and unarchives an experiment, and filters by storage_state', async () => {
      const { json } = await callJson(server, 'POST', BASE, { display_name: 'to-archive' });
      const id = String(json.experiment_id);
      expect((await callJson(server, 'POST', `${BASE}/${id}:archive`)).status).toBe(200);
      expect((await callJson(server, 'GET', `${BASE}/${id}`)).json.storage_state).toBe('ARCHIVED');
      expect(await listNames(filterParam('storage_state', 'EQUALS', { string_value: 'ARCHIVED' }))).toEqual([
        'to-archive',
      ]);
      expect((await callJson(server, 'POST', `${BASE}/${id}:unarchive`)).status).toBe(200);
      expect((await callJson(server, 'GET', `${BASE}/${id}`)).json.storage_state).toBe('AVAILABLE');
      expectError(await callJson(server, 'POST', `${BASE}/nope:archive`), 404, 'SKIFF_API_NOT_FOUND');
      expectError(await callJson(server, 'POST', `${BASE}/${id}:explode`), 404, 'SKIFF_API_NOT_FOUND');
    });

    it('archives an experiment with its runs and disables its recurring runs; unarchiving restores the experiment alone', async () => {
      const id = String(
        (await callJson(server, 'POST', BASE, { display_name: 'cascade' })).json.experiment_id,
      );
      const run = await callJson(server, 'POST', `${V2}/runs`, {
        display_name: 'r',
        experiment_id: id,
        pipeline_spec: quick,
      });
      expect(run.status, JSON.stringify(run.json)).toBe(200);
      const runId = String(run.json.run_id);
      const elsewhere = String(
        (await callJson(server, 'POST', `${V2}/runs`, { display_name: 'd', pipeline_spec: quick })).json
          .run_id,
      );
      const enabled = await callJson(server, 'POST', `${V2}/recurringruns`, yearly(id));
      expect(enabled.status, JSON.stringify(enabled.json)).toBe(200);
      const rrId = String(enabled.json.recurring_run_id);
      const disabledId = String(
        (await callJson(server, 'POST', `${V2}/recurringruns`, yearly(id, 'DISABLE'))).json.recurring_run_id,
      );
      const rrOf = async (rr: string) => (await callJson(server, 'GET', `${V2}/recurringruns/${rr}`)).json;
      const storageOf = async (r: string) =>
        (await callJson(server, 'GET', `${V2}/runs/${r}`)).json.storage_state;

      expect(await callJson(server, 'POST', `${BASE}/${id}:archive`)).toEqual({ status: 200, json: {} });
      expect((await callJson(server, 'GET', `${BASE}/${id}`)).json.storage_state).toBe('ARCHIVED');
      expect(await storageOf(runId)).toBe('ARCHIVED');
      expect(await storageOf(elsewhere)).toBe('AVAILABLE');
      expect(await rrOf(rrId)).toMatchObject({ status: 'DISABLED', mode: 'DISABLE' });
      expect((await rrOf(disabledId)).status).toBe('DISABLED');
      const archivedRuns = await callJson(
        server,
        'GET',
        `${V2}/runs?experiment_id=${id}&${filterParam('storage_state', 'EQUALS', { string_value: 'ARCHIVED' })}`,
      );
      expect((archivedRuns.json.runs as { run_id: string }[]).map((r) => r.run_id)).toEqual([runId]);

      // Nothing new goes into an archived experiment, and nothing in it comes back before it does.
      const refusals = [
        await callJson(server, 'POST', `${V2}/runs`, {
          display_name: 'late',
          experiment_id: id,
          pipeline_spec: quick,
        }),
        await callJson(server, 'POST', `${V2}/recurringruns`, yearly(id)),
        await callJson(server, 'POST', `${V2}/recurringruns/${rrId}:enable`),
        await callJson(server, 'POST', `${V2}/runs/${runId}:unarchive`),
      ];
      for (const refused of refusals) {
        expect(expectError(refused, 400, 'SKIFF_API_PRECONDITION')).toMatch(
          /experiment "cascade" .* is archived/,
        );
        expect(refused.json).toMatchObject({
          code: 9,
          details: [{ metadata: { location: 'experiment_id' } }],
        });
      }
      expect(await storageOf(runId)).toBe('ARCHIVED');
      expect((await rrOf(rrId)).status).toBe('DISABLED');

      // KFP: unarchiving the experiment restores neither its runs nor its recurring runs.
      expect((await callJson(server, 'POST', `${BASE}/${id}:unarchive`)).status).toBe(200);
      expect((await callJson(server, 'GET', `${BASE}/${id}`)).json.storage_state).toBe('AVAILABLE');
      expect(await storageOf(runId)).toBe('ARCHIVED');
      expect((await rrOf(rrId)).status).toBe('DISABLED');
      // Now each can be restored, and new runs are accepted.
      expect((await callJson(server, 'POST', `${V2}/runs/${runId}:unarchive`)).status).toBe(200);
      expect(await storageOf(runId)).toBe('AVAILABLE');
      expect((await callJson(server, 'POST', `${V2}/recurringruns/${rrId}:enable`)).status).toBe(200);
      expect((await rrOf(rrId)).status).toBe('ENABLED');
      const again = await callJson(server, 'POST', `${V2}/runs`, {
        display_name: 'again',
        experiment_id: id,
        pipeline_spec: quick,
      });
      expect(again.status).toBe(200);
      await callJson(server, 'POST', `${V2}/recurringruns/${rrId}:disable`);
    });

    it('deletes an experiment that has runs: the runs stay, its recurring runs are disabled', async () => {
      const id = String(
        (await callJson(server, 'POST', BASE, { display_name: 'doomed' })).json.experiment_id,
      );
      const runId = String(
        (
          await callJson(server, 'POST', `${V2}/runs`, {
            display_name: 'kept',
            experiment_id: id,
            pipeline_spec: quick,
          })
        ).json.run_id,
      );
      const rrId = String(
        (await callJson(server, 'POST', `${V2}/recurringruns`, yearly(id))).json.recurring_run_id,
      );
      expect(await callJson(server, 'DELETE', `${BASE}/${id}`)).toEqual({ status: 200, json: {} });
      const run = await callJson(server, 'GET', `${V2}/runs/${runId}`);
      expect(run.json).toMatchObject({ run_id: runId, experiment_id: id, storage_state: 'AVAILABLE' });
      const rr = await callJson(server, 'GET', `${V2}/recurringruns/${rrId}`);
      expect(rr.json).toMatchObject({ status: 'DISABLED', experiment_id: id });
      // Its triggers could only fail now: enabling it is refused, naming the missing experiment.
      expect(
        expectError(
          await callJson(server, 'POST', `${V2}/recurringruns/${rrId}:enable`),
          404,
          'SKIFF_API_NOT_FOUND',
        ),
      ).toContain(id);
    });

    it('deletes an experiment; unknown ids answer 404', async () => {
      const { json } = await callJson(server, 'POST', BASE, { display_name: 'to-delete' });
      const id = String(json.experiment_id);
      expect(await callJson(server, 'DELETE', `${BASE}/${id}`)).toEqual({ status: 200, json: {} });
      expectError(await callJson(server, 'GET', `${BASE}/${id}`), 404, 'SKIFF_API_NOT_FOUND');
      expectError(await callJson(server, 'DELETE', `${BASE}/${id}`), 404, 'SKIFF_API_NOT_FOUND');
    });

    it('answers bad input with 400 naming the field, never 500', async () => {
      expect(
        expectError(await callJson(server, 'POST', BASE, '{"display_name": '), 400, 'SKIFF_API_BAD_REQUEST'),
      ).toBeTruthy();
      expect(
        expectError(
          await callJson(server, 'POST', BASE, { display_name: 'x', colour: 'red' }),
          400,
          'SKIFF_API_BAD_REQUEST',
        ),
      ).toContain('colour');
      expect(
        expectError(await callJson(server, 'POST', BASE, { display_name: 7 }), 400, 'SKIFF_API_BAD_REQUEST'),
      ).toContain('display_name');
      expect(
        expectError(
          await callJson(server, 'POST', BASE, { description: 'no name' }),
          400,
          'SKIFF_API_BAD_REQUEST',
        ),
      ).toContain('display_name');
      expect(expectError(await callJson(server, 'POST', BASE, []), 400, 'SKIFF_API_BAD_REQUEST')).toContain(
        'JSON object',
      );
      expect(
        expectError(await callJson(server, 'GET', `${BASE}?filter=%7Bnot-json`), 400, 'SKIFF_API_BAD_FILTER'),
      ).toContain('not JSON');
      expect(
        expectError(
          await callJson(server, 'GET', `${BASE}?${filterParam('colour', 'EQUALS', { string_value: 'x' })}`),
          400,
          'SKIFF_API_BAD_FILTER',
        ),
      ).toContain('colour');
      expect(
        expectError(await callJson(server, 'GET', `${BASE}?sort_by=colour`), 400, 'SKIFF_API_BAD_REQUEST'),
      ).toContain('colour');
      expect(
        expectError(await callJson(server, 'GET', `${BASE}?page_size=5000`), 400, 'SKIFF_API_BAD_REQUEST'),
      ).toContain('page_size');
    });

    it('refuses a tampered page token, and a token reused with another sort', async () => {
      const { json } = await callJson(server, 'GET', `${BASE}?page_size=5`);
      const token = String(json.next_page_token);
      const flipped = `${token.slice(0, 3)}${token[3] === 'A' ? 'B' : 'A'}${token.slice(4)}`;
      expectError(
        await callJson(server, 'GET', `${BASE}?page_size=5&page_token=${encodeURIComponent(flipped)}`),
        400,
        'SKIFF_API_BAD_PAGE_TOKEN',
      );
      expectError(
        await callJson(
          server,
          'GET',
          `${BASE}?page_size=5&sort_by=display_name&page_token=${encodeURIComponent(token)}`,
        ),
        400,
        'SKIFF_API_BAD_PAGE_TOKEN',
      );
      expect(
        (await callJson(server, 'GET', `${BASE}?page_size=5&page_token=${encodeURIComponent(token)}`)).status,
      ).toBe(200);
    });
  });
}

await onEachMetadataStore('KFP v2beta1 experiments over real HTTP', 'experiments_api', experimentsApiSuite);
