import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, SKIFF_BIN, tempHome } from './support/cli.js';
import { marked, noneLeft } from './support/marked-processes.js';
import { type S3TestServer, startS3rver } from './support/s3-servers.js';
import { startTestServer } from './support/server.js';
import { waitForFile, writeUploadSpec } from './support/upload-spec.js';

// Canceling a run while a storage call never returns: the S3 endpoint (a proxy on loopback in front
// of s3rver) stops answering, without closing anything, while the attempt uploads its output. Ctrl-C
// (SIGINT) must still end skiff within a bounded time, record the attempt CANCELED, and leave no
// process running.

/** A TCP proxy to `port` that, once hung, keeps every connection open and forwards nothing more. */
interface HangingProxy {
  readonly port: number;
  hang(): void;
  close(): Promise<void>;
}

async function hangingProxy(port: number): Promise<HangingProxy> {
  let hung = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => {});
    if (hung) return; // Accepted, never answered.
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('data', (data) => {
      if (!hung) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!hung) client.write(data);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!hung) client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hang: () => {
      hung = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Details {
  run: { state: string };
  tasks: {
    path: string;
    state: string;
    attempts: { state: string; failureKind: string | null; message: string | null }[];
  }[];
}

describe('cancel while a storage call hangs', () => {
  let s3: S3TestServer;
  const proxies: HangingProxy[] = [];
  /** A proxy of its own for each test: one that hung stays hung. */
  const newProxy = async () => {
    const proxy = await hangingProxy(s3.port);
    proxies.push(proxy);
    return proxy;
  };
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['mlpipeline'] });
  });
  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await s3?.stop();
  });

  it('Ctrl-C during an upload to an S3 endpoint that stopped answering ends skiff in bounded time, the attempt CANCELED', async () => {
    const home = tempHome('skiff-hang-');
    const proxy = await newProxy();
    // The task ends a second after the marker; then the upload starts.
    const { spec, marker } = writeUploadSpec('upload-that-hangs', {
      sizeBytes: 4 * 1024 * 1024,
      source: '/dev/urandom',
      after: 'sleep 1',
    });
    const mark = randomUUID();
    const env = {
      ...process.env,
      SKIFF_HOME: home,
      CTRL_C_MARK: mark,
      MINIO_HOST: '127.0.0.1',
      MINIO_PORT: String(proxy.port),
      MINIO_SSL: 'false',
      MINIO_ACCESS_KEY: s3.accessKeyId,
      MINIO_SECRET_KEY: s3.secretAccessKey,
    };
    const child = spawn(
      process.execPath,
      [SKIFF_BIN, 'run', spec, '--pipeline-root', 'minio://mlpipeline/v2', '--json'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    try {
      await waitForFile(marker, 60_000);
      proxy.hang();
      // The task ends a second after the marker; then the upload starts and never returns.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(marked(mark).length, 'skiff still runs').toBeGreaterThan(0);
      const canceledAt = performance.now();
      child.kill('SIGINT');
      const code = await exited;
      const exitMs = performance.now() - canceledAt;
      console.log(`skiff exited ${Math.round(exitMs)} ms after SIGINT, with code ${code}`);
      expect(exitMs, stderr).toBeLessThan(10_000);
      expect(code, stderr).not.toBe(0);
      expect(stderr).not.toContain('SKIFF_INTERNAL');
      expect(await noneLeft(mark)).toEqual([]);
    } finally {
      clearTimeout(killer);
    }
    const { run_id } = lastJson<{ run_id: string }>(stdout);
    const got = await runCli(['runs', 'get', run_id, '--json'], { home });
    expect(got.code, got.stderr).toBe(0);
    const details = lastJson<Details>(got.stdout);
    expect(details.run.state).toBe('CANCELED');
    const big = details.tasks.find((t) => t.path === 'big');
    expect(big?.state).toBe('CANCELED');
    // An attempt ends FAILED with the kind CANCELED (attempt states are RUNNING, SUCCEEDED, FAILED).
    expect(big?.attempts.map((a) => [a.state, a.failureKind])).toEqual([['FAILED', 'CANCELED']]);
    expect(big?.attempts[0]?.message).toMatch(
      /SKIFF_EXEC_CANCELED: .*the upload of output artifacts did not return within \d+ s of the cancel/,
    );
    // The give-up is logged, and the attempt's log (kept locally) says why it ended.
    const log = readFileSync(join(home, 'logs', 'skiff.log'), 'utf8');
    expect(log).toContain('stopped waiting for storage calls that did not return');
  }, 150_000);

  it('terminate through the API during an upload that hangs ends the run CANCELED in bounded time, no task process left', async () => {
    const mark = randomUUID();
    const proxy = await newProxy();
    const server = await startTestServer({
      CTRL_C_MARK: mark,
      MINIO_HOST: '127.0.0.1',
      MINIO_PORT: String(proxy.port),
      MINIO_SSL: 'false',
      MINIO_ACCESS_KEY: s3.accessKeyId,
      MINIO_SECRET_KEY: s3.secretAccessKey,
    });
    try {
      const { spec, marker } = writeUploadSpec('upload-that-hangs-api', {
        sizeBytes: 4 * 1024 * 1024,
        source: '/dev/urandom',
        after: 'sleep 1',
      });
      const created = await server.request('/apis/v2beta1/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          display_name: 'hang',
          pipeline_spec: JSON.parse(readFileSync(spec, 'utf8')),
          runtime_config: { pipeline_root: 'minio://mlpipeline/v2' },
        }),
      });
      expect(created.status, await created.clone().text()).toBe(200);
      const { run_id } = (await created.json()) as { run_id: string };
      await waitForFile(marker, 60_000);
      proxy.hang();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const canceledAt = performance.now();
      const terminated = await server.request(`/apis/v2beta1/runs/${run_id}:terminate`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(terminated.status).toBe(200);
      let state = '';
      while (performance.now() - canceledAt < 30_000) {
        const got = (await (await server.request(`/apis/v2beta1/runs/${run_id}`)).json()) as {
          state: string;
        };
        state = got.state;
        if (['CANCELED', 'FAILED', 'SUCCEEDED'].includes(state)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const endMs = performance.now() - canceledAt;
      console.log(`the run ended ${state} ${Math.round(endMs)} ms after terminate`);
      expect(state).toBe('CANCELED');
      expect(endMs).toBeLessThan(10_000);
      // The task processes are gone (the server itself is this test process).
      expect((await noneLeft(mark)).filter((p) => !p.startsWith(`${process.pid} `))).toEqual([]);
    } finally {
      await server.close();
    }
  }, 150_000);
});
