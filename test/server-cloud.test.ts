import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { type RunningServer, startServer } from '../src/server/index.js';
import {
  closedPortHost,
  FAKE_CLUSTER_NAME,
  FAKE_PROJECT_ID,
  type FakeMetadataBehaviour,
  type FakeMetadataServer,
  startFakeMetadataServer,
} from './support/fake-metadata-server.js';

/** Longest time any endpoint may take while the cloud probe is busy or failing. */
const NORMAL_MS = 100;
const SYSTEM_PATHS = [
  '/system/project-id',
  '/system/cluster-name',
  '/pipeline/system/project-id',
  '/pipeline/system/cluster-name',
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(behaviour: FakeMetadataBehaviour): Promise<FakeMetadataServer> {
  const server = await startFakeMetadataServer(behaviour);
  cleanups.push(() => server.close());
  return server;
}

/** A real server with exactly `env` (no variable of this process leaks in) and a DMI product name. */
async function serve(env: Record<string, string>, productName = 'Standard PC (Q35 + ICH9, 2009)') {
  const home = mkdtempSync(join(tmpdir(), 'skiff-cloud-'));
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: home, SKIFF_HOME: home, ...env };
  const loaded = await loadConfig({
    env: fullEnv,
    cwd: home,
    flags: { values: { 'server.port': { value: 0, flag: '--port' } } },
  });
  const server = await startServer(loaded, fullEnv, { readProductName: async () => productName });
  cleanups.push(() => server.close());
  return server;
}

/** GET `path`, with how long it took. */
async function timed(server: RunningServer, path: string) {
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text,
    ms: performance.now() - started,
  };
}

async function cloudHealth(server: RunningServer): Promise<{ state: string; detail: string }> {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { checks: { cloud: { state: string; detail: string } } };
  return body.checks.cloud;
}

/** Poll /healthz until the probe is no longer in progress (bounded: 3 s). */
async function probeFinished(server: RunningServer): Promise<{ state: string; detail: string }> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const cloud = await cloudHealth(server);
    if (!cloud.detail.includes('probe in progress')) return cloud;
    if (Date.now() > deadline) throw new Error(`cloud probe still in progress after 3 s: ${cloud.detail}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every system path answers 404 with `reason` and the mode, quickly; every other endpoint too. */
async function expectMissing(server: RunningServer, reason: string | RegExp, mode: string): Promise<void> {
  for (const path of SYSTEM_PATHS) {
    const answer = await timed(server, path);
    expect(answer.status, `${path}: ${answer.text}`).toBe(404);
    const body = JSON.parse(answer.text) as { reason: string; cloud_metadata: string };
    expect(body.reason).toMatch(reason);
    expect(body.cloud_metadata).toBe(mode);
    expect(answer.ms).toBeLessThan(NORMAL_MS);
  }
  expect((await timed(server, '/apis/v2beta1/healthz')).status).toBe(200);
}

describe('cloud system endpoints with cloud.metadata gke and a fake metadata server', () => {
  it('answers 200 text/plain with the project id and cluster name the metadata server gave', async () => {
    const metadata = await fake('answer');
    const server = await serve({ SKIFF_CLOUD_METADATA: 'gke', SKIFF_CLOUD_METADATA_HOST: metadata.host });
    const health = await probeFinished(server);
    expect(health.state).toBe('ok');
    expect(health.detail).toContain(`project-id "${FAKE_PROJECT_ID}", cluster-name "${FAKE_CLUSTER_NAME}"`);
    for (const [path, value] of [
      ['/system/project-id', FAKE_PROJECT_ID],
      ['/pipeline/system/project-id', FAKE_PROJECT_ID],
      ['/system/cluster-name', FAKE_CLUSTER_NAME],
      ['/pipeline/system/cluster-name', FAKE_CLUSTER_NAME],
    ] as const) {
      const answer = await timed(server, path);
      expect(answer).toMatchObject({ status: 200, text: value });
      expect(answer.type).toMatch(/^text\/plain/);
    }
    expect(metadata.requests).toEqual(
      expect.arrayContaining([
        { path: '/computeMetadata/v1/project/project-id', flavor: 'Google' },
        { path: '/computeMetadata/v1/instance/attributes/cluster-name', flavor: 'Google' },
      ]),
    );
    expect(metadata.requests).toHaveLength(2); // once, cached: the requests above asked nothing more
  });

  it('answers the project id and 404 for the cluster name on a Google Cloud VM outside GKE', async () => {
    const metadata = await fake('gce-vm');
    const server = await serve({ SKIFF_CLOUD_METADATA: 'gke', SKIFF_CLOUD_METADATA_HOST: metadata.host });
    const health = await probeFinished(server);
    expect(health.state).toBe('ok');
    expect(health.detail).toContain(
      'cluster-name unknown (HTTP 404 (no cluster-name attribute: not a GKE node))',
    );
    expect(await timed(server, '/pipeline/system/project-id')).toMatchObject({
      status: 200,
      text: FAKE_PROJECT_ID,
    });
    const cluster = await timed(server, '/pipeline/system/cluster-name');
    expect(cluster.status).toBe(404);
    expect(JSON.parse(cluster.text)).toEqual({
      reason: 'HTTP 404 (no cluster-name attribute: not a GKE node)',
      cloud_metadata: 'gke',
    });
  });

  it.each([
    ['answers 500', 'http500', 'HTTP 500'],
    [
      'answers HTML without the Metadata-Flavor header',
      'html',
      'not a metadata server answer (no Metadata-Flavor: Google header)',
    ],
    ['answers HTML with the header', 'markup', 'not a metadata server answer (not a plain value)'],
    ['answers a huge body', 'huge', 'not a metadata server answer (longer than 256 bytes)'],
  ] as const)('answers 404 with the reason when the metadata server %s', async (_name, behaviour, reason) => {
    const metadata = await fake(behaviour);
    const server = await serve({ SKIFF_CLOUD_METADATA: 'gke', SKIFF_CLOUD_METADATA_HOST: metadata.host });
    const health = await probeFinished(server);
    expect(health.state).toBe('degraded'); // gke was asked for and nothing came back
    expect(health.detail).toContain(`project-id unknown (${reason})`);
    await expectMissing(server, reason, 'gke');
    expect(metadata.requests.length).toBeGreaterThan(0);
  });

  it('keeps every endpoint answering within normal time while the metadata server hangs, then times out at 500 ms', async () => {
    const metadata = await fake('hang');
    const started = performance.now();
    const server = await serve({ SKIFF_CLOUD_METADATA: 'gke', SKIFF_CLOUD_METADATA_HOST: metadata.host });
    await expectMissing(server, 'probe in progress', 'gke');
    for (const path of ['/apis/v2beta1/healthz', '/healthz', '/apis/v2beta1/healthz']) {
      const answer = await timed(server, path);
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(NORMAL_MS);
    }
    const during = await cloudHealth(server);
    expect(during).toMatchObject({ state: 'ok' });
    expect(during.detail).toContain('probe in progress');
    expect(metadata.connections()).toBeGreaterThan(0); // the probe is really waiting on the fake
    const health = await probeFinished(server);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(health.detail).toContain('project-id unknown (timed out after 500 ms)');
    await expectMissing(server, 'timed out after 500 ms', 'gke');
  });

  it('answers 404 with ECONNREFUSED when nothing listens on the metadata host', async () => {
    const host = await closedPortHost();
    const server = await serve({ SKIFF_CLOUD_METADATA: 'gke', SKIFF_CLOUD_METADATA_HOST: host });
    const health = await probeFinished(server);
    expect(health.detail).toContain(`ECONNREFUSED ${host}`);
    await expectMissing(server, `ECONNREFUSED ${host}`, 'gke');
  });

  it('answers 404 with the DNS failure when the metadata host name does not resolve', async () => {
    const server = await serve({
      SKIFF_CLOUD_METADATA: 'gke',
      SKIFF_CLOUD_METADATA_HOST: 'metadata.invalid',
    });
    // A resolver without network may answer EAI_AGAIN, or nothing within the time limit.
    const reason = /^((ENOTFOUND|EAI_AGAIN) metadata\.invalid|timed out after 500 ms)$/;
    await expectMissing(server, /ENOTFOUND|EAI_AGAIN|timed out|probe in progress/, 'gke');
    const health = await probeFinished(server);
    expect(health.detail).toMatch(/project-id unknown \((ENOTFOUND|EAI_AGAIN|timed out)/);
    await expectMissing(server, reason, 'gke');
  });
});

describe('cloud probe modes', () => {
  it('makes no request at all with cloud.metadata off, even with every hint of Google Cloud', async () => {
    const metadata = await fake('answer');
    const server = await serve(
      { SKIFF_CLOUD_METADATA: 'off', GCE_METADATA_HOST: metadata.host, GOOGLE_CLOUD_PROJECT: 'p' },
      'Google Compute Engine',
    );
    expect(await cloudHealth(server)).toEqual({
      state: 'off',
      detail: 'cloud.metadata is off: no calls to the metadata server',
    });
    await expectMissing(server, /^off$/, 'off');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(metadata.connections()).toBe(0);
  });

  it('makes no request at all with DISABLE_GKE_METADATA=true (KFP UI server variable)', async () => {
    const metadata = await fake('answer');
    const server = await serve({ DISABLE_GKE_METADATA: 'true', GCE_METADATA_HOST: metadata.host });
    expect((await cloudHealth(server)).state).toBe('off');
    await expectMissing(server, /^off$/, 'off');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(metadata.connections()).toBe(0);
  });

  it('makes no request with auto when nothing suggests Google Cloud', async () => {
    const metadata = await fake('answer');
    const server = await serve({
      SKIFF_CLOUD_METADATA_HOST: metadata.host,
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
    });
    const health = await probeFinished(server);
    expect(health).toEqual({
      state: 'off',
      detail: 'cloud.metadata is auto and nothing suggests Google Cloud: no calls to the metadata server',
    });
    await expectMissing(server, /^not on Google Cloud$/, 'auto');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(metadata.connections()).toBe(0);
  });

  it.each([
    ['GCE_METADATA_HOST is set', {}, undefined],
    ['GOOGLE_CLOUD_PROJECT is set', { GOOGLE_CLOUD_PROJECT: 'p' }, undefined],
    [
      'Kubernetes on a GKE node',
      { KUBERNETES_SERVICE_HOST: '10.0.0.1', NODE_NAME: 'gke-c-pool-1-abcd' },
      undefined,
    ],
    ['the DMI product name says Google', {}, 'Google Compute Engine'],
  ] as const)('probes with auto when %s', async (name, hints, productName) => {
    const metadata = await fake('answer');
    const host =
      name === 'GCE_METADATA_HOST is set'
        ? { GCE_METADATA_HOST: metadata.host }
        : { SKIFF_CLOUD_METADATA_HOST: metadata.host };
    const server = await serve({ ...host, ...hints }, productName);
    const health = await probeFinished(server);
    expect(health.state).toBe('ok');
    expect((await timed(server, '/system/project-id')).text).toBe(FAKE_PROJECT_ID);
    expect(metadata.requests).toHaveLength(2);
  });

  it('says off, not degraded, when auto had a hint but no metadata server answered', async () => {
    const host = await closedPortHost();
    const server = await serve({ GCE_METADATA_HOST: host });
    const health = await probeFinished(server);
    expect(health.state).toBe('off');
    expect(health.detail).toContain('GCE_METADATA_HOST is set');
    const all = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
    expect(all.status).toBe('ok');
  });
});
