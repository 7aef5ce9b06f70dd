import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SkiffError } from '../../errors/index.js';
import { openPostgresMetadataStore, POSTGRES_CONNECT_TIMEOUT_MS } from './open-postgres.js';

describe('openPostgresMetadataStore', () => {
  let silent: net.Server | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    const server = silent;
    silent = undefined;
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a server that accepts the connection but never answers, after the connect timeout', async () => {
    silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    const error = (await openPostgresMetadataStore(`postgres://skiff:s3cret@127.0.0.1:${port}/runs`).catch(
      (e: unknown) => e,
    )) as SkiffError;
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(POSTGRES_CONNECT_TIMEOUT_MS - 100);
    expect(elapsedMs).toBeLessThan(POSTGRES_CONNECT_TIMEOUT_MS + 2000);
    expect(error).toMatchObject({ code: 'SKIFF_METADATA_OPEN' });
    expect(error.message).toContain(
      `PostgreSQL at 127.0.0.1:${port} (database "runs", user "skiff") did not answer within 5s`,
    );
    expect(error.message).not.toContain('s3cret');
  });

  it('says when the host name does not resolve', async () => {
    await expect(openPostgresMetadataStore('postgres://u@no-such-host.invalid/db')).rejects.toMatchObject({
      code: 'SKIFF_METADATA_OPEN',
      message: expect.stringContaining('host name does not resolve'),
    });
  });
});
