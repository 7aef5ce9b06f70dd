import { expect, it } from 'vitest';
import type { ListQuery } from '../list-query.js';
import type { MetadataStore } from '../metadata-store.js';
import type { RecurringRunField } from '../recurring-run-record.js';
import { makeRecurringRun, makeRun, T0 } from './fixtures.js';

/** Registers the RecurringRunStore tests; `store()` is a fresh, empty store per test. */
export function recurringRunStoreContract(store: () => MetadataStore): void {
  it('round-trips a recurring run with null fields, and one with every field set', async () => {
    const bare = makeRecurringRun();
    const full = makeRecurringRun({
      id: 'rr-full',
      description: 'every field',
      experimentId: 'exp-1',
      namespace: 'team-a',
      pipelineVersion: { pipelineId: 'p-1', pipelineVersionId: 'v-1' },
      parameters: { list: [1, 'two'], struct: { a: null }, flag: true },
      pipelineRoot: 'minio://mlpipeline/v2',
      serviceAccount: 'pipeline-runner',
      maxConcurrency: 10,
      trigger: { kind: 'cron', cron: '0 0 * * * *', startAtMs: T0 - 5, endAtMs: T0 + 86_400_000 },
      status: 'DISABLED',
      noCatchup: true,
      updatedAtMs: T0 + 7,
      lastScheduledAtMs: T0 + 3_600_000,
      error: 'pipeline root has no provider',
    });
    await store().recurringRuns.create(bare);
    await store().recurringRuns.create(full);
    expect(await store().recurringRuns.get(bare.id)).toStrictEqual(bare);
    expect(await store().recurringRuns.get(full.id)).toStrictEqual(full);
    expect(await store().recurringRuns.get('no-such')).toBeUndefined();
  });

  it('rejects a second recurring run with the same id', async () => {
    await store().recurringRuns.create(makeRecurringRun());
    await expect(store().recurringRuns.create(makeRecurringRun())).rejects.toMatchObject({
      code: 'SKIFF_METADATA_CONFLICT',
    });
  });

  it('updates only the patched fields, including setting them back to null', async () => {
    await store().recurringRuns.create(makeRecurringRun());
    await store().recurringRuns.update('rr-1', { status: 'DISABLED', updatedAtMs: T0 + 1, error: 'boom' });
    await store().recurringRuns.update('rr-1', { lastScheduledAtMs: T0 + 60_000 });
    await store().recurringRuns.update('rr-1', { error: null });
    await store().recurringRuns.update('rr-1', {});
    expect(await store().recurringRuns.get('rr-1')).toStrictEqual(
      makeRecurringRun({ status: 'DISABLED', updatedAtMs: T0 + 1, lastScheduledAtMs: T0 + 60_000 }),
    );
    await expect(store().recurringRuns.update('ghost', { status: 'ENABLED' })).rejects.toMatchObject({
      code: 'SKIFF_RECURRING_RUN_NOT_FOUND',
    });
  });

  it('lists newest first, filtered by experiment and status, and counts the filtered set', async () => {
    for (let i = 0; i < 5; i++) {
      await store().recurringRuns.create(
        makeRecurringRun({
          id: `rr-${i}`,
          createdAtMs: T0 + i * 1000,
          experimentId: i % 2 === 0 ? 'even' : 'odd',
          status: i < 3 ? 'ENABLED' : 'DISABLED',
        }),
      );
    }
    const ids = (list: { id: string }[]) => list.map((rr) => rr.id);
    const rrs = store().recurringRuns;
    expect(ids(await rrs.list())).toEqual(['rr-4', 'rr-3', 'rr-2', 'rr-1', 'rr-0']);
    expect(ids(await rrs.list({ experimentId: 'even' }))).toEqual(['rr-4', 'rr-2', 'rr-0']);
    expect(ids(await rrs.list({ status: 'ENABLED', experimentId: 'odd' }))).toEqual(['rr-1']);
    expect(await rrs.count()).toBe(5);
    expect(await rrs.count({ experimentId: 'even' })).toBe(3);
    expect(await rrs.count({ experimentId: 'none' })).toBe(0);
  });

  it('pages an API list by keyset: predicates, sort by any field either way, ties broken by id', async () => {
    // Names repeat, so sorting by display name must break ties by id to page without loss.
    for (let i = 0; i < 7; i++) {
      await store().recurringRuns.create(
        makeRecurringRun({
          id: `rr-${i}`,
          displayName: `job-${i % 3}`,
          createdAtMs: T0 + i * 1000,
          updatedAtMs: T0 + (7 - i) * 1000,
          status: i === 2 ? 'DISABLED' : 'ENABLED',
          experimentId: i < 5 ? 'e-1' : null,
        }),
      );
    }
    const rrs = store().recurringRuns;
    const all = async (query: Omit<ListQuery<RecurringRunField>, 'after'>) => {
      const pages: string[][] = [];
      let page = await rrs.listPage(query);
      for (;;) {
        pages.push(page.items.map((rr) => rr.id));
        if (page.next === undefined) return { pages, totalSize: page.totalSize };
        page = await rrs.listPage({ ...query, after: page.next });
      }
    };
    const byName = await all({
      predicates: [],
      sort: { field: 'displayName', descending: false },
      limit: 3,
    });
    expect(byName).toEqual({
      pages: [['rr-0', 'rr-3', 'rr-6'], ['rr-1', 'rr-4', 'rr-2'], ['rr-5']],
      totalSize: 7,
    });
    const enabledInExperiment = await all({
      predicates: [
        { field: 'status', op: 'eq', value: 'ENABLED' },
        { field: 'experimentId', op: 'eq', value: 'e-1' },
      ],
      sort: { field: 'updatedAtMs', descending: true },
      limit: 2,
    });
    expect(enabledInExperiment).toEqual({
      pages: [
        ['rr-0', 'rr-1'],
        ['rr-3', 'rr-4'],
      ],
      totalSize: 4,
    });
    const created = await rrs.listPage({
      predicates: [
        { field: 'createdAtMs', op: 'gte', value: T0 + 5000 },
        { field: 'displayName', op: 'substring', value: 'b-' },
      ],
      sort: { field: 'createdAtMs', descending: true },
      limit: 10,
    });
    expect(created.items.map((rr) => rr.id)).toEqual(['rr-6', 'rr-5']);
    expect(created.items[0]).toStrictEqual(
      makeRecurringRun({
        id: 'rr-6',
        displayName: 'job-0',
        createdAtMs: T0 + 6000,
        updatedAtMs: T0 + 1000,
      }),
    );
  });

  it('counts the runs a recurring run created, by state and display name, and keeps them when it is deleted', async () => {
    await store().recurringRuns.create(makeRecurringRun());
    await store().runs.create(
      makeRun({ id: 'a', recurringRunId: 'rr-1', state: 'RUNNING', displayName: 'n-1' }),
    );
    await store().runs.create(
      makeRun({ id: 'b', recurringRunId: 'rr-1', state: 'PENDING', displayName: 'n-2' }),
    );
    await store().runs.create(
      makeRun({ id: 'c', recurringRunId: 'rr-1', state: 'FAILED', displayName: 'n-3' }),
    );
    await store().runs.create(makeRun({ id: 'd', recurringRunId: 'rr-2', state: 'RUNNING' }));
    await store().runs.create(makeRun({ id: 'e', state: 'RUNNING' }));
    const rrs = store().recurringRuns;
    expect(await rrs.countRuns('rr-1')).toBe(3);
    expect(await rrs.countRuns('rr-1', { states: ['PENDING', 'RUNNING', 'CANCELING'] })).toBe(2);
    expect(await rrs.countRuns('rr-1', { states: [] })).toBe(0);
    expect(await rrs.countRuns('rr-1', { displayName: 'n-3' })).toBe(1);
    expect(await rrs.countRuns('rr-1', { displayName: 'n-3', states: ['RUNNING'] })).toBe(0);
    expect(await rrs.delete('rr-1')).toBe(true);
    expect(await rrs.get('rr-1')).toBeUndefined();
    expect(await rrs.delete('rr-1')).toBe(false);
    expect((await store().runs.get('a'))?.recurringRunId).toBe('rr-1');
  });
}
