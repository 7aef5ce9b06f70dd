import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSkiffError } from '../src/errors/index.js';
import { probeS3, S3ObjectStore, type S3RetryEvent, type S3StoreSettings } from '../src/storage/s3/index.js';
import { freePort, type S3TestServer, startS3rver } from './support/s3-servers.js';
import { makeCertificate } from './support/tls-cert.js';

const BUCKET = 'faults';
let s3rver: S3TestServer;
let scratch: string;

function settings(endpoint: string, extra: Partial<S3StoreSettings> = {}): S3StoreSettings {
  return {
    rootUri: `s3://${BUCKET}/root`,
    bucket: BUCKET,
    prefix: 'root',
    endpoint,
    credentials: { kind: 'keys', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    ...extra,
  };
}

/** The code of the SkiffError `promise` rejects with, and how long it took. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    const ms = performance.now() - started;
    return isSkiffError(error)
      ? { code: error.code, message: error.message, ms }
      : { code: `not a SkiffError: ${String(error)}`, message: '', ms };
  }
  return { code: 'no error', message: '', ms: performance.now() - started };
}

/** Put through a fresh store, then close it. */
async function putWith(s: S3StoreSettings) {
  const store = new S3ObjectStore(s);
  try {
    return await failure(store.put('x.txt', 'x'));
  } finally {
    store.close();
  }
}

/** Which probe step failed first, and with which code. */
async function probeFailure(s: S3StoreSettings): Promise<string> {
  const result = await probeS3(s);
  const failed = result.steps.find((step) => !step.ok);
  return failed === undefined ? 'ok' : `${failed.name}: ${failed.error?.code}`;
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-s3-faults-'));
});
afterAll(async () => {
  await s3rver.stop();
  await fs.rm(scratch, { recursive: true, force: true });
});

describe('S3 store and probe against misconfigured endpoints', () => {
  it('passes every probe step against a working server', async () => {
    const result = await probeS3(settings(s3rver.endpoint));
    expect(result.steps.map((step) => `${step.name}:${step.ok}`)).toEqual([
      'dns:true',
      'tcp:true',
      'bucket:true',
      'put:true',
      'get:true',
      'delete:true',
    ]);
    expect(result.ok).toBe(true);
  });

  it('reports a closed port as SKIFF_STORAGE_UNREACHABLE within seconds, and the probe fails at tcp', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const put = await putWith(settings(endpoint));
    expect(put.code).toBe('SKIFF_STORAGE_UNREACHABLE');
    expect(put.message).toContain(endpoint);
    expect(put.message).toContain(`s3://${BUCKET}/root/x.txt`);
    expect(put.ms).toBeLessThan(5_000);
    const started = performance.now();
    expect(await probeFailure(settings(endpoint))).toBe('tcp: SKIFF_STORAGE_UNREACHABLE');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reports a host name that does not resolve as SKIFF_STORAGE_UNREACHABLE, failing the probe at dns', async () => {
    const s = settings('http://no-such-host.invalid:9000');
    expect((await putWith(s)).code).toBe('SKIFF_STORAGE_UNREACHABLE');
    expect(await probeFailure(s)).toBe('dns: SKIFF_STORAGE_UNREACHABLE');
  });

  it('reports unknown credentials as SKIFF_STORAGE_CREDENTIALS, failing the probe at bucket', async () => {
    const s = settings(s3rver.endpoint, {
      credentials: { kind: 'keys', accessKeyId: 'WHO', secretAccessKey: 'x' },
    });
    expect((await putWith(s)).code).toBe('SKIFF_STORAGE_CREDENTIALS');
    expect(await probeFailure(s)).toBe('bucket: SKIFF_STORAGE_CREDENTIALS');
  });

  it('reports a credentials file without the profile as SKIFF_STORAGE_CREDENTIALS', async () => {
    const file = path.join(scratch, 'credentials');
    await fs.writeFile(file, '[other]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n');
    const s = settings(s3rver.endpoint, { credentials: { kind: 'file', file, profile: 'missing' } });
    expect((await putWith(s)).code).toBe('SKIFF_STORAGE_CREDENTIALS');
    const good = settings(s3rver.endpoint, { credentials: { kind: 'file', file, profile: 'other' } });
    expect((await putWith(good)).code).toBe('no error');
  });

  it('reports a missing bucket as SKIFF_STORAGE_NO_BUCKET naming it, failing the probe at bucket', async () => {
    const s = { ...settings(s3rver.endpoint), bucket: 'no-such-bucket', rootUri: 's3://no-such-bucket/root' };
    const put = await putWith(s);
    expect(put.code).toBe('SKIFF_STORAGE_NO_BUCKET');
    expect(put.message).toContain('no-such-bucket');
    expect(await probeFailure(s)).toBe('bucket: SKIFF_STORAGE_NO_BUCKET');
  });

  it('reports a web server that answers HTML as SKIFF_STORAGE_NOT_S3', async () => {
    const web = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body>Kubeflow Central Dashboard</body></html>');
    });
    const port = await listen(web);
    try {
      const s = settings(`127.0.0.1:${port}`, { secure: false });
      expect((await putWith(s)).code).toBe('SKIFF_STORAGE_NOT_S3');
      expect(await probeFailure(s)).toBe('bucket: SKIFF_STORAGE_NOT_S3');
    } finally {
      web.closeAllConnections();
      web.close();
    }
  });

  it('reports plain http spoken to s3rver as https as SKIFF_STORAGE_TLS, failing the probe at tls', async () => {
    const s = settings(`https://127.0.0.1:${s3rver.port}`);
    expect((await putWith(s)).code).toBe('SKIFF_STORAGE_TLS');
    expect(await probeFailure(s)).toBe('tls: SKIFF_STORAGE_TLS');
  });

  describe('against a TLS server with a self-signed certificate', async () => {
    const skip = await makeCertificate(os.tmpdir()).then(
      () => undefined,
      (error: Error) => `the openssl CLI cannot make a certificate here: ${error.message}`,
    );
    let server: https.Server;
    let port: number;
    beforeAll(async () => {
      if (skip !== undefined) return;
      const dir = await fs.mkdtemp(path.join(scratch, 'tls-'));
      const { key, cert } = await makeCertificate(dir);
      server = https.createServer({ key, cert }, (_req, res) => {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AccessDenied</Code></Error>');
      });
      port = await listen(server);
    });
    afterAll(() => {
      server?.closeAllConnections();
      server?.close();
    });

    it.skipIf(skip !== undefined)(
      `reports it spoken to as plain http as SKIFF_STORAGE_TLS ${skip ?? ''}`,
      async () => {
        const s = settings(`http://127.0.0.1:${port}`);
        const put = await putWith(s);
        expect(put.code).toBe('SKIFF_STORAGE_TLS');
        expect(put.message).toMatch(/speaks TLS/);
        expect(await probeFailure(s)).toBe('bucket: SKIFF_STORAGE_TLS');
      },
    );

    it.skipIf(skip !== undefined)(
      `reports its untrusted certificate as SKIFF_STORAGE_TLS ${skip ?? ''}`,
      async () => {
        const s = settings(`https://127.0.0.1:${port}`);
        expect((await putWith(s)).code).toBe('SKIFF_STORAGE_TLS');
        expect(await probeFailure(s)).toBe('tls: SKIFF_STORAGE_TLS');
      },
    );
  });
});

describe('S3 store through a server outage', () => {
  it('finishes a multipart putPath when the server goes down for 2 s mid-upload', async () => {
    const retries: S3RetryEvent[] = [];
    const store = new S3ObjectStore(
      settings(s3rver.endpoint, {
        retry: { maxAttempts: 12, budgetMs: 30_000 },
        onRetry: (event) => retries.push(event),
      }),
    );
    const source = path.join(scratch, 'outage.bin');
    await pipeline(
      (async function* () {
        for (let i = 0; i < 48; i++)
          yield createHash('sha512').update(String(i)).digest().toString('hex').repeat(16_384);
      })(),
      createWriteStream(source),
    );
    await store.put('warm-up.txt', 'reached');
    const uploading = store.putPath('outage/data.bin', source);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = performance.now();
    await s3rver.restart(2_000);
    await uploading;
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ operation: 'putPath', key: 'outage/data.bin', attempt: 1 });
    const copy = path.join(scratch, 'outage-copy.bin');
    await store.getPath('outage/data.bin', copy);
    expect(await sha256(copy)).toBe(await sha256(source));
    store.close();
  }, 60_000);

  it('gives up with SKIFF_STORAGE_IO after about the budget when the server stays down', async () => {
    const budgetMs = 3_000;
    const store = new S3ObjectStore(settings(s3rver.endpoint, { retry: { maxAttempts: 50, budgetMs } }));
    await store.put('before.txt', 'reached');
    const restarting = s3rver.restart(budgetMs + 3_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const put = await failure(store.put(`after-${randomUUID()}.txt`, 'x'));
    expect(put.code).toBe('SKIFF_STORAGE_IO');
    // It retried: several attempts (the delays are fully jittered, so the time it took before the
    // next delay would have passed the budget is not bounded below by a fixed part of the budget).
    const attempts = Number(/failed after (\d+) attempts/.exec(put.message)?.[1]);
    expect(attempts).toBeGreaterThan(2);
    expect(put.message).toContain(s3rver.endpoint);
    // Slack for a loaded machine, still well before the server returns (budget + 3 s), which a
    // store ignoring its budget would wait for and then succeed.
    expect(put.ms).toBeLessThan(budgetMs + 2_500);
    await restarting;
    store.close();
  }, 30_000);
});

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
