// Storage throughput: a 1 GiB file uploaded and downloaded through S3ObjectStore (putPath/getPath)
// and through the bare AWS SDK (lib-storage Upload from a file stream; GetObject streamed to a
// file), against s3rver in a child process on loopback (and Ceph RGW with --ceph when
// ../shared/s3/ceph-rgw is present). Prints MiB/s per round, the Skiff/bare ratio (target ≥ 0.9)
// and this process's peak RSS growth during each transfer (target < 100 MB).
// Usage: npm run build && node bench/storage-throughput.mjs [sizeMiB=1024] [rounds=3] [--ceph]
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { machine, REPO, tempDir } from './lib.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sizeMiB = Number(args[0] ?? 1024);
const rounds = Number(args[1] ?? 3);
const withCeph = process.argv.includes('--ceph');
const dist = join(REPO, 'dist', 'storage', 's3', 'index.js');
if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
const { S3ObjectStore } = await import(dist);

const BUCKET = 'bench';
const dir = tempDir('skiff-bench-storage-');
const source = join(dir, 'source.bin');
await writeSource(source, sizeMiB * 1024 * 1024);

/** s3rver in a child process, so its memory is not counted as ours. */
async function startS3rver() {
  const data = join(dir, 's3rver');
  const code = `const S3rver = require('s3rver');
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(data)}, configureBuckets: [{ name: '${BUCKET}' }] })
  .run().then((a) => console.log('PORT ' + a.port));`;
  const child = spawn(process.execPath, ['-e', code], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolvePort, reject) => {
    child.stdout.on('data', (d) => {
      const m = /PORT (\d+)/.exec(String(d));
      if (m) resolvePort(Number(m[1]));
    });
    child.on('exit', (c) => reject(new Error(`s3rver exited ${c}`)));
  });
  return {
    name: 's3rver',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    stop: async () => child.kill('SIGTERM'),
  };
}

async function startCeph() {
  const scripts = resolve(REPO, '..', 'shared', 's3', 'ceph-rgw');
  if (!existsSync(join(scripts, 'start.sh'))) return undefined;
  const state = join(dir, 'ceph');
  // bluestore: memstore keeps objects in RAM and fills its 4 GiB with 1 GiB objects and their garbage.
  const out = execFileSync(join(scripts, 'start.sh'), [state], {
    env: { ...process.env, RGW_OBJECTSTORE: 'bluestore' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const env = Object.fromEntries([...out.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const server = {
    name: 'Ceph RGW (bluestore)',
    endpoint: env.S3_ENDPOINT,
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    stop: async () => execFileSync(join(scripts, 'stop.sh'), [state, '--purge'], { stdio: 'ignore' }),
  };
  const client = bareClient(server);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
  return server;
}

function bareClient(server) {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Run `action`, sampling RSS every 20 ms; returns MiB/s and peak RSS growth in MB. */
async function measure(action) {
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  await action();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { mibps: sizeMiB / seconds, rssMB: (peak - baseline) / 1e6 };
}

async function benchOn(server) {
  const store = new S3ObjectStore({
    rootUri: `s3://${BUCKET}/skiff`,
    bucket: BUCKET,
    prefix: 'skiff',
    endpoint: server.endpoint,
    credentials: { kind: 'keys', accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  const client = bareClient(server);
  // Warm up both paths (module loading, sockets) so the first round measures transfers only.
  const small = join(dir, 'small.bin');
  await fs.writeFile(small, Buffer.alloc(64 * 1024));
  await store.putPath('warm.bin', small);
  await store.getPath('warm.bin', join(dir, 'warm-copy.bin'));
  await new Upload({
    client,
    params: { Bucket: BUCKET, Key: 'bare/warm.bin', Body: createReadStream(small) },
  }).done();
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    const out = join(dir, 'download.bin');
    const skiffPut = await measure(() => store.putPath('big.bin', source));
    const skiffGet = await measure(() => store.getPath('big.bin', out));
    await fs.rm(out);
    const barePut = await measure(() =>
      new Upload({
        client,
        params: { Bucket: BUCKET, Key: 'bare/big.bin', Body: createReadStream(source) },
      }).done(),
    );
    const bareGet = await measure(async () => {
      const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'bare/big.bin' }));
      await pipeline(got.Body, createWriteStream(out));
    });
    await fs.rm(out);
    await store.delete('big.bin');
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'bare/big.bin' }));
    rows.push({ skiffPut, skiffGet, barePut, bareGet });
    const f = (m) => `${m.mibps.toFixed(0)} MiB/s (+${m.rssMB.toFixed(0)} MB RSS)`;
    console.log(
      `${server.name} round ${round}: put skiff ${f(skiffPut)} bare ${f(barePut)} ratio ${(skiffPut.mibps / barePut.mibps).toFixed(2)}; ` +
        `get skiff ${f(skiffGet)} bare ${f(bareGet)} ratio ${(skiffGet.mibps / bareGet.mibps).toFixed(2)}`,
    );
  }
  store.close();
  client.destroy();
  const median = (pick) => rows.map(pick).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  const maxRss = (pick) => Math.max(...rows.map(pick));
  console.log(
    `${server.name} median: put ${median((r) => r.skiffPut.mibps).toFixed(0)} vs ${median((r) => r.barePut.mibps).toFixed(0)} MiB/s ` +
      `(ratio ${median((r) => r.skiffPut.mibps / r.barePut.mibps).toFixed(2)}), ` +
      `get ${median((r) => r.skiffGet.mibps).toFixed(0)} vs ${median((r) => r.bareGet.mibps).toFixed(0)} MiB/s ` +
      `(ratio ${median((r) => r.skiffGet.mibps / r.bareGet.mibps).toFixed(2)}); ` +
      `peak RSS growth skiff put ${maxRss((r) => r.skiffPut.rssMB).toFixed(0)} MB, get ${maxRss((r) => r.skiffGet.rssMB).toFixed(0)} MB; ` +
      `bare put ${maxRss((r) => r.barePut.rssMB).toFixed(0)} MB, get ${maxRss((r) => r.bareGet.rssMB).toFixed(0)} MB`,
  );
}

async function writeSource(file, sizeBytes) {
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.imul(i, 2654435761) ^ i) >>> 0, i);
  async function* blocks() {
    for (let offset = 0; offset < sizeBytes; offset += block.length) {
      block.writeUInt32LE(offset >>> 0, 0);
      yield Buffer.from(block.subarray(0, Math.min(block.length, sizeBytes - offset)));
    }
  }
  await pipeline(blocks(), createWriteStream(file));
}

console.log(`${sizeMiB} MiB file, ${rounds} rounds; machine: ${await machine()}`);
const servers = [await startS3rver()];
if (withCeph) {
  const ceph = await startCeph();
  if (ceph) servers.push(ceph);
  else console.log('Ceph RGW skipped: ../shared/s3/ceph-rgw is absent');
}
try {
  for (const server of servers) await benchOn(server);
} finally {
  for (const server of servers) await server.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
