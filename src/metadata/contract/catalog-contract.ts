import { expect, it } from 'vitest';
import {
  DEFAULT_EXPERIMENT_ID,
  type ExperimentRecord,
  type PipelineRecord,
  type PipelineVersionRecord,
} from '../catalog-records.js';
import type { ListQuery } from '../list-query.js';
import type { MetadataStore } from '../metadata-store.js';
import { T0 } from './fixtures.js';

const pipeline = (over: Partial<PipelineRecord> = {}): PipelineRecord => ({
  id: 'p-1',
  name: 'hello',
  displayName: 'Hello',
  description: 'says hello',
  namespace: '',
  createdAtMs: T0,
  ...over,
});
const version = (over: Partial<PipelineVersionRecord> = {}): PipelineVersionRecord => ({
  id: 'v-1',
  pipelineId: 'p-1',
  name: 'v1',
  displayName: 'v1',
  description: '',
  specText: 'pipelineInfo:\n  name: hello\n',
  createdAtMs: T0,
  ...over,
});
const experiment = (over: Partial<ExperimentRecord> = {}): ExperimentRecord => ({
  id: 'e-1',
  displayName: 'exp',
  description: '',
  namespace: '',
  storageState: 'AVAILABLE',
  createdAtMs: T0,
  lastRunCreatedAtMs: null,
  ...over,
});
const newestFirst = { field: 'createdAtMs', descending: true } as const;

/** Registers the pipeline, pipeline version and experiment store tests; `store()` is fresh per test. */
export function catalogStoreContract(store: () => MetadataStore): void {
  it('round-trips pipelines and versions, finds a pipeline by name, and refuses duplicate names', async () => {
    await store().pipelines.create(pipeline());
    await store().pipelineVersions.create(version());
    expect(await store().pipelines.get('p-1')).toStrictEqual(pipeline());
    expect(await store().pipelines.getByName('', 'hello')).toStrictEqual(pipeline());
    expect(await store().pipelines.getByName('team', 'hello')).toBeUndefined();
    expect(await store().pipelineVersions.get('v-1')).toStrictEqual(version());
    await expect(store().pipelines.create(pipeline({ id: 'p-2' }))).rejects.toMatchObject({
      code: 'SKIFF_API_CONFLICT',
    });
    await store().pipelines.create(pipeline({ id: 'p-3', namespace: 'team' }));
    await expect(store().pipelineVersions.create(version({ id: 'v-2' }))).rejects.toMatchObject({
      code: 'SKIFF_API_CONFLICT',
    });
  });

  it('gives the newest version of a pipeline, and deletes a pipeline with its versions', async () => {
    await store().pipelines.create(pipeline());
    await store().pipelineVersions.create(version());
    await store().pipelineVersions.create(version({ id: 'v-2', name: 'v2', createdAtMs: T0 + 1 }));
    expect((await store().pipelineVersions.latest('p-1'))?.id).toBe('v-2');
    expect(await store().pipelineVersions.delete('v-2')).toBe(true);
    expect(await store().pipelineVersions.delete('v-2')).toBe(false);
    expect(await store().pipelines.delete('p-1')).toBe(true);
    expect(await store().pipelineVersions.get('v-1')).toBeUndefined();
    expect(await store().pipelines.delete('p-1')).toBe(false);
  });

  it('pages through pipelines by keyset on (sort field, id), with ties and filters', async () => {
    for (let i = 0; i < 7; i++) {
      // Pairs share a creation time, so the id breaks ties.
      await store().pipelines.create(
        pipeline({ id: `p-${i}`, name: `n-${i % 3}-${i}`, createdAtMs: T0 + Math.floor(i / 2) }),
      );
    }
    const seen: string[] = [];
    let query: ListQuery<'id' | 'name' | 'createdAtMs'> = { predicates: [], sort: newestFirst, limit: 3 };
    for (;;) {
      const page = await store().pipelines.list(query);
      expect(page.totalSize).toBe(7);
      seen.push(...page.items.map((p) => p.id));
      if (page.next === undefined) break;
      query = { ...query, after: page.next };
    }
    expect(seen).toEqual(['p-6', 'p-5', 'p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
    const filtered = await store().pipelines.list({
      predicates: [
        { field: 'name', op: 'substring', value: 'n-1' },
        { field: 'createdAtMs', op: 'gte', value: T0 + 1 },
      ],
      sort: { field: 'name', descending: false },
      limit: 10,
    });
    expect(filtered.items.map((p) => p.id)).toEqual(['p-4']);
    expect(filtered.totalSize).toBe(1);
    const some = await store().pipelines.list({
      predicates: [{ field: 'id', op: 'in', value: ['p-1', 'p-5', 'nope'] }],
      sort: newestFirst,
      limit: 10,
    });
    expect(some.items.map((p) => p.id)).toEqual(['p-5', 'p-1']);
  });

  it('treats % and _ in a substring filter as plain characters', async () => {
    await store().pipelines.create(pipeline({ id: 'a', name: '50%_off' }));
    await store().pipelines.create(pipeline({ id: 'b', name: '50xyoff' }));
    const page = await store().pipelines.list({
      predicates: [{ field: 'name', op: 'substring', value: '%_' }],
      sort: newestFirst,
      limit: 5,
    });
    expect(page.items.map((p) => p.id)).toEqual(['a']);
  });

  it('has the default experiment from the start', async () => {
    const found = await store().experiments.get(DEFAULT_EXPERIMENT_ID);
    expect(found).toMatchObject({ displayName: 'Default', storageState: 'AVAILABLE', namespace: '' });
  });

  it('round-trips experiments, archives them, and keeps the newest run time', async () => {
    await store().experiments.create(experiment());
    expect(await store().experiments.get('e-1')).toStrictEqual(experiment());
    await expect(store().experiments.create(experiment({ id: 'e-2' }))).rejects.toMatchObject({
      code: 'SKIFF_API_CONFLICT',
    });
    expect(await store().experiments.setStorageState('e-1', 'ARCHIVED')).toBe(true);
    expect(await store().experiments.setStorageState('ghost', 'ARCHIVED')).toBe(false);
    expect(await store().experiments.recordRunCreated('e-1', T0 + 50)).toBe(true);
    expect(await store().experiments.recordRunCreated('e-1', T0 + 10)).toBe(true);
    expect(await store().experiments.recordRunCreated('ghost', T0)).toBe(false);
    expect(await store().experiments.get('e-1')).toStrictEqual(
      experiment({ storageState: 'ARCHIVED', lastRunCreatedAtMs: T0 + 50 }),
    );
    const archived = await store().experiments.list({
      predicates: [{ field: 'storageState', op: 'eq', value: 'ARCHIVED' }],
      sort: newestFirst,
      limit: 5,
    });
    expect(archived.items.map((e) => e.id)).toEqual(['e-1']);
    expect(await store().experiments.delete('e-1', T0)).toBe(true);
    expect(await store().experiments.get('e-1')).toBeUndefined();
  });
}
