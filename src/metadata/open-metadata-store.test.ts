import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SkiffError } from '../errors/index.js';
import { makeRun } from './contract/fixtures.js';
import { openMetadataStore } from './open-metadata-store.js';
import { POSTGRES_CONNECT_TIMEOUT_MS } from './postgres/open-postgres.js';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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

  it('sends a postgres URL to PostgreSQL: a closed port fails fast, naming host, port and database but not the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await openMetadataStore(`postgres://skiff:s3cret@127.0.0.1:${port}/runs`).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(POSTGRES_CONNECT_TIMEOUT_MS);
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    const { message, fix } = error as SkiffError;
    expect(message).toContain(`PostgreSQL at 127.0.0.1:${port} (database "runs", user "skiff") refused`);
    expect(message).toContain('postgres://skiff:****@');
    expect(`${message} ${fix}`).not.toContain('s3cret');
    expect(fix).toContain('Start PostgreSQL');
  });

  it('accepts the postgresql scheme as well', async () => {
    const port = await closedPort();
    await expect(openMetadataStore(`postgresql://u@127.0.0.1:${port}/d`)).rejects.toMatchObject({
      code: 'SKIFF_METADATA_OPEN',
      message: expect.stringContaining(`PostgreSQL at 127.0.0.1:${port}`),
    });
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
