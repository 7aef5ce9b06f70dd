import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { type S3TestServer, startS3rver } from './support/s3-servers.js';
import { makeCertificate } from './support/tls-cert.js';

// `skiff doctor` against storage that is wrong in different ways: each fault is its own line with
// its own code and fix, and the command exits 1.

interface Report {
  ok: boolean;
  checks: { name: string; status: string; code?: string; fix?: string; detail: string }[];
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

let s3: S3TestServer;
let web: http.Server;
let webPort: number;
let tls: https.Server | undefined;
let tlsPort = 0;
let tlsSkip: string | undefined;
const home = tempHome('skiff-doctor-');

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['mlpipeline'] });
  web = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>MinIO Console</body></html>');
  });
  webPort = await listen(web);
  try {
    const { key, cert } = await makeCertificate(os.tmpdir());
    tls = https.createServer({ key, cert }, (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<Error><Code>AccessDenied</Code></Error>');
    });
    tlsPort = await listen(tls);
  } catch (error) {
    tlsSkip = `the openssl CLI cannot make a certificate here: ${(error as Error).message}`;
  }
});
afterAll(async () => {
  web?.closeAllConnections();
  web?.close();
  tls?.closeAllConnections();
  tls?.close();
  await s3?.stop();
});

async function doctor(
  port: () => number,
  root: string,
  env: Record<string, string> = {},
): Promise<Report & { code: number | null }> {
  const result = await runCli(['doctor', '--pipeline-root', root, '--json'], {
    home,
    env: {
      MINIO_HOST: '127.0.0.1',
      MINIO_PORT: String(port()),
      MINIO_SSL: 'false',
      MINIO_ACCESS_KEY: s3.accessKeyId,
      MINIO_SECRET_KEY: s3.secretAccessKey,
      ...env,
    },
  });
  return { ...lastJson<Report>(result.stdout), code: result.code };
}

describe('skiff doctor on faulty storage', () => {
  it.each([
    [
      'wrong credentials',
      (): number => s3.port,
      'minio://mlpipeline/v2',
      { MINIO_ACCESS_KEY: 'NOT-A-KEY' },
      'storage bucket',
      'SKIFF_STORAGE_CREDENTIALS',
    ],
    [
      'a missing bucket',
      (): number => s3.port,
      'minio://missing-bucket/v2',
      {},
      'storage bucket',
      'SKIFF_STORAGE_NO_BUCKET',
    ],
    [
      'an endpoint that answers but is not S3',
      (): number => webPort,
      'minio://mlpipeline/v2',
      {},
      'storage bucket',
      'SKIFF_STORAGE_NOT_S3',
    ],
    [
      'a closed port',
      (): number => 9,
      'minio://mlpipeline/v2',
      {},
      'storage tcp',
      'SKIFF_STORAGE_UNREACHABLE',
    ],
  ] as const)('reports %s as one failed line with its code and fix, and exits 1', async (_, port, root, env, step, code) => {
    const report = await doctor(port, root, env);
    expect(report.code).toBe(1);
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => [c.name, c.code])).toEqual([[step, code]]);
    expect(failed[0]?.fix).toBeTruthy();
    expect(report.checks.find((c) => c.name === 'python')?.status).toBe('ok');
  });

  it('reports a TLS endpoint given as plain http as SKIFF_STORAGE_TLS', async (context) => {
    if (tlsSkip) {
      context.skip(tlsSkip);
      return;
    }
    const report = await doctor((): number => tlsPort, 'minio://mlpipeline/v2');
    expect(report.code).toBe(1);
    const failed = report.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.code)).toEqual(['SKIFF_STORAGE_TLS']);
    expect(failed[0]?.detail).toMatch(/speaks TLS/);
  });

  it('prints a table with a mark per check and the fix under it', async () => {
    const result = await runCli(['doctor', '--pipeline-root', 'minio://missing-bucket/v2'], {
      home,
      env: {
        MINIO_HOST: '127.0.0.1',
        MINIO_PORT: String(s3.port),
        MINIO_SSL: 'false',
        MINIO_ACCESS_KEY: s3.accessKeyId,
        MINIO_SECRET_KEY: s3.secretAccessKey,
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✓\s+storage tcp/);
    expect(result.stdout).toMatch(/✗\s+storage bucket/);
    expect(result.stdout).toContain('✗ storage bucket SKIFF_STORAGE_NO_BUCKET: fix: ');
    expect(result.stdout).toContain('1 check failed');
  });
});
