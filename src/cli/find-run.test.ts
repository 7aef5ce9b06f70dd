import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRun } from '../metadata/contract/fixtures.js';
import { type MetadataStore, openMetadataStore } from '../metadata/index.js';
import { findRun } from './find-run.js';

describe('findRun', () => {
  let store: MetadataStore;
  beforeEach(async () => {
    store = await openMetadataStore('sqlite::memory:');
    await store.runs.create(makeRun({ id: '4e2aadcf-0000-4000-8000-000000000001' }));
    await store.runs.create(makeRun({ id: '4e2b0000-0000-4000-8000-000000000002' }));
  });
  afterEach(async () => store.close());

  it('finds a run by its id or a unique prefix of 4 characters or more', async () => {
    expect((await findRun(store, '4e2aadcf-0000-4000-8000-000000000001')).id).toMatch(/^4e2a/);
    expect((await findRun(store, '4e2a')).id).toMatch(/^4e2a/);
  });

  it('says a shorter prefix needs 4 characters; a longer one that matches nothing is not found', async () => {
    await expect(findRun(store, '4e2')).rejects.toMatchObject({
      code: 'SKIFF_RUN_NOT_FOUND',
      message: expect.stringContaining('a prefix of a run id needs at least 4 characters'),
      fix: expect.stringContaining('at least 4 characters'),
    });
    await expect(findRun(store, '4e2a0')).rejects.toMatchObject({ message: 'no run has id "4e2a0"' });
  });
});
