import { describe, expect, it } from 'vitest';
import { makeRun } from './contract/fixtures.js';
import { openMetadataStore } from './open-metadata-store.js';

describe('openMetadataStore', () => {
  it('opens a SQLite store for a sqlite URL', async () => {
    const store = await openMetadataStore('sqlite::memory:');
    try {
      await store.runs.create(makeRun());
      expect(await store.runs.get('run-1')).toStrictEqual(makeRun());
    } finally {
      await store.close();
    }
  });

  it('says PostgreSQL is not supported yet, without printing the password', async () => {
    const error = await openMetadataStore('postgres://skiff:s3cret@db:5432/skiff').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    expect((error as Error).message).toContain('PostgreSQL');
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('rejects an unknown scheme, suggesting the closest one', async () => {
    const error = await openMetadataStore('sqlit:///tmp/x.db').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    expect((error as Error).message).toContain('did you mean "sqlite"');
  });

  it('rejects a bare path without a scheme', async () => {
    await expect(openMetadataStore('/tmp/skiff.db')).rejects.toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
  });
});
