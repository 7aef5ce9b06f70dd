import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** An S3 server on loopback for tests. */
export interface S3TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  /** Where the server keeps its data. */
  readonly directory: string;
  /** Stop the server and delete its data. */
  stop(): Promise<void>;
  /** Stop serving (dropping open connections), wait `downMs`, and serve again on the same port and data. */
  restart(downMs?: number): Promise<void>;
}

/** Options for {@link startS3rver}. */
export interface S3rverOptions {
  /** Buckets to create before the server answers. */
  readonly buckets?: readonly string[];
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const execFileAsync = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** Scripts that run a real Ceph RADOS Gateway on loopback (../shared beside the repository). */
export const CEPH_RGW_SCRIPTS = path.resolve(REPO, '..', 'shared', 's3', 'ceph-rgw');

/** s3rver in this process on 127.0.0.1 (a free port the first time, the same one on restart). Keys: S3RVER/S3RVER. */
export async function startS3rver(options: S3rverOptions = {}): Promise<S3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-s3rver-'));
  const make = (port: number) =>
    new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
    });
  let server = make(0);
  const { port } = await server.run();
  const halt = async () => {
    server.httpServer?.closeAllConnections();
    await server.close();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    region: 'us-east-1',
    directory,
    async stop() {
      await halt();
      await fs.rm(directory, { recursive: true, force: true });
    },
    async restart(downMs = 0) {
      await halt();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = make(port);
      await server.run();
    },
  };
}

/** A Ceph RGW server, or why there is none (scripts absent, start failed). */
export type CephStart =
  | { readonly server: S3TestServer; readonly reason?: undefined }
  | { readonly server?: undefined; readonly reason: string };

/**
 * A real Ceph RADOS Gateway via ../shared/s3/ceph-rgw/start.sh in a temp dir (installs Debian
 * packages on first use: ~40 s; later ~3 s). `restart` restarts only radosgw. Give the hook ≥ 180 s.
 */
export async function startCephRgw(options: S3rverOptions = {}): Promise<CephStart> {
  const start = path.join(CEPH_RGW_SCRIPTS, 'start.sh');
  if (!existsSync(start)) return { reason: `${start} is absent (../shared is not beside the repository)` };
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-ceph-'));
  const env = { ...process.env, RGW_PORT: String(await freePort()), RGW_MON_PORT: String(await freePort()) };
  const runStart = () =>
    execFileAsync(start, [directory], { env, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 });
  const stop = async () => {
    await execFileAsync(path.join(CEPH_RGW_SCRIPTS, 'stop.sh'), [directory, '--purge'], { timeout: 120_000 });
  };
  let exports: Record<string, string>;
  try {
    exports = parseExports((await runStart()).stdout);
  } catch (error) {
    await stop().catch(() => undefined);
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    return { reason: `Ceph RGW did not start: ${(error as Error).message.split('\n')[0]} ${stderr}` };
  }
  const server: S3TestServer = {
    endpoint: exports.S3_ENDPOINT ?? '',
    port: Number(exports.S3_PORT),
    accessKeyId: exports.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: exports.AWS_SECRET_ACCESS_KEY ?? '',
    region: exports.AWS_REGION ?? 'us-east-1',
    directory,
    stop,
    async restart(downMs = 0) {
      await killRgw(directory);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await runStart();
    },
  };
  await createBuckets(server, options.buckets ?? []);
  return { server };
}

/** A bare AWS SDK client for `server` (path-style, its keys); destroy it after use. */
export function s3ClientFor(server: S3TestServer): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
}

/** Create buckets through the S3 API. */
export async function createBuckets(server: S3TestServer, buckets: readonly string[]): Promise<void> {
  const client = s3ClientFor(server);
  try {
    for (const Bucket of buckets) await client.send(new CreateBucketCommand({ Bucket }));
  } finally {
    client.destroy();
  }
}

/** SIGTERM the radosgw that start.sh recorded for `directory` (only if it still runs with that config) and wait for it. */
async function killRgw(directory: string): Promise<void> {
  const pidFile = path.join(directory, 'run', 'rgw.a.spid');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const ours = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path.join(directory, 'ceph.conf'));
    } catch {
      return false; // no such process any more
    }
  };
  if (!ours()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && ours(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

function parseExports(stdout: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) {
    found[match[1] as string] = (match[2] as string).replace(/^['"]|['"]$/g, '');
  }
  if (found.S3_ENDPOINT === undefined)
    throw new Error(`start.sh printed no S3_ENDPOINT: ${stdout.slice(0, 500)}`);
  return found;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
