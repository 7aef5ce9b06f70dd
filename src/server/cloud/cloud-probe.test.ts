import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLog as silent } from '../../../test/support/silent-log.js';
import { type CloudProbeOptions, createCloudProbe } from './cloud-probe.js';

const noHint = { env: {}, readProductName: async () => undefined };
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server that accepts requests and never answers. */
async function hangingHost(): Promise<string> {
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function startCloudProbe(options: CloudProbeOptions) {
  const probe = createCloudProbe(options);
  probe.start();
  return probe;
}

describe('createCloudProbe', () => {
  it('asks nothing before start(), and close() before start() settles it as stopped', async () => {
    const host = await hangingHost();
    let connections = 0;
    server?.on('connection', () => {
      connections += 1;
    });
    const probe = createCloudProbe({ mode: 'gke', metadataHost: host, environment: noHint, log: silent });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(probe.state()).toMatchObject({ phase: 'probing', projectId: { reason: 'probe in progress' } });
    await probe.close();
    expect(probe.state()).toMatchObject({ phase: 'done', projectId: { reason: 'probe stopped' } });
    expect(connections).toBe(0);
  });

  it('is settled at once with mode off, without reading the environment', async () => {
    const readProductName = async () => {
      throw new Error('must not be read');
    };
    const probe = startCloudProbe({
      mode: 'off',
      metadataHost: 'x',
      environment: { env: {}, readProductName },
      log: silent,
    });
    expect(probe.state()).toMatchObject({ phase: 'skipped', projectId: { found: false, reason: 'off' } });
    expect((await probe.settled()).phase).toBe('skipped');
  });

  it('is in progress until it settles, and respects a shorter time limit', async () => {
    const probe = startCloudProbe({
      mode: 'gke',
      metadataHost: await hangingHost(),
      environment: noHint,
      log: silent,
      timeoutMs: 100,
    });
    expect(probe.state()).toMatchObject({ phase: 'probing', clusterName: { reason: 'probe in progress' } });
    const started = performance.now();
    const state = await probe.settled();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(state).toMatchObject({
      phase: 'done',
      projectId: { found: false, reason: 'timed out after 100 ms' },
    });
  });

  it('stops a probe in flight on close, quickly, with the reason "probe stopped"', async () => {
    const probe = startCloudProbe({
      mode: 'gke',
      metadataHost: await hangingHost(),
      environment: noHint,
      log: silent,
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await probe.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(probe.state()).toMatchObject({ phase: 'done', projectId: { reason: 'probe stopped' } });
  });

  it('logs its outcome once, with values and reasons but no response body', async () => {
    const lines: object[] = [];
    const log = { ...silent, info: (obj: object) => lines.push(obj) };
    await startCloudProbe({ mode: 'auto', metadataHost: 'x', environment: noHint, log }).settled();
    expect(lines).toEqual([
      expect.objectContaining({
        mode: 'auto',
        because: 'no hint of Google Cloud',
        projectId: 'unknown (not on Google Cloud)',
      }),
    ]);
  });

  it('settles even when its logger throws', async () => {
    const log = {
      ...silent,
      info: () => {
        throw new Error('log sink closed');
      },
    };
    const state = await startCloudProbe({
      mode: 'auto',
      metadataHost: 'x',
      environment: noHint,
      log,
    }).settled();
    expect(state.phase).toBe('skipped');
  });
});
