import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { marked, noneLeft } from './support/marked-processes.js';
import { type S3TestServer, startS3rver } from './support/s3-servers.js';
import { startTestServer } from './support/server.js';
import { underTerminal } from './support/terminal.js';
import { waitForFile, writeUploadSpec } from './support/upload-spec.js';

// Canceling a run while a storage call never returns: the S3 endpoint (a proxy on loopback in front
// of s3rver) stops answering, without closing anything, while the attempt uploads its output. Ctrl-C
// (SIGINT) must still end skiff within a bounded time, record the attempt CANCELED, and leave no
// process running.

/** A TCP proxy to `port` that, once hung, keeps every connection open and forwards nothing more. */
interface HangingProxy {
  readonly port: number;
  hang(): void;
  /** Connections accepted (and left unanswered) since the proxy hung. */
  hungConnections(): number;
  close(): Promise<void>;
}

async function hangingProxy(port: number): Promise<HangingProxy> {
  let hung = false;
  let waiting = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => {});
    if (hung) {
      waiting++;
      return; // Accepted, never answered.
    }
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
    hungConnections: () => waiting,
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

/** An importer of `uri` (a Dataset) and a task `read` that reads it. */
function importThenRead(uri: string): string {
  const dataset = { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } };
  return JSON.stringify({
    pipelineInfo: { name: 'import-then-read' },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: {
      'comp-importer': {
        executorLabel: 'exec-importer',
        inputDefinitions: { parameters: { uri: { parameterType: 'STRING' } } },
        outputDefinitions: { artifacts: { artifact: dataset } },
      },
      'comp-read': { executorLabel: 'exec-read', inputDefinitions: { artifacts: { data: dataset } } },
    },
    deploymentSpec: {
      executors: {
        'exec-importer': {
          importer: { artifactUri: { runtimeParameter: 'uri' }, typeSchema: dataset.artifactType },
        },
        'exec-read': {
          container: {
            image: 'alpine',
            command: ['sh', '-c', 'cat "$0"'],
            args: ["{{$.inputs.artifacts['data'].path}}"],
          },
        },
      },
    },
    root: {
      dag: {
        tasks: {
          importer: {
            taskInfo: { name: 'importer' },
            componentRef: { name: 'comp-importer' },
            inputs: { parameters: { uri: { runtimeValue: { constant: uri } } } },
          },
          read: {
            taskInfo: { name: 'read' },
            componentRef: { name: 'comp-read' },
            dependentTasks: ['importer'],
            inputs: {
              artifacts: {
                data: { taskOutputArtifact: { producerTask: 'importer', outputArtifactKey: 'artifact' } },
              },
            },
          },
        },
      },
    },
  });
}

describe('cancel while a storage call hangs', () => {
  let s3: S3TestServer;
  const proxies: HangingProxy[] = [];
  /** KFP UI-server style settings that send the run's storage calls through `proxy`. */
  const minioThrough = (proxy: HangingProxy) => ({
    MINIO_HOST: '127.0.0.1',
    MINIO_PORT: String(proxy.port),
    MINIO_SSL: 'false',
    MINIO_ACCESS_KEY: s3.accessKeyId,
    MINIO_SECRET_KEY: s3.secretAccessKey,
  });
  /** A proxy of its own for each test: one that hung stays hung. */
  const newProxy = async () => {
    const proxy = await hangingProxy(s3.port);
    proxies.push(proxy);
    return proxy;
  };
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['mlpipeline', 'inputs'] });
  });
  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await s3?.stop();
  });

  it('Ctrl-C typed at a terminal during an upload to an S3 endpoint that stopped answering ends skiff in bounded time, the attempt CANCELED', async () => {
    const home = tempHome('skiff-hang-');
    const proxy = await newProxy();
    // The task ends a second after the marker; then the upload starts.
    const { spec, marker } = writeUploadSpec('upload-that-hangs', {
      sizeBytes: 4 * 1024 * 1024,
      source: '/dev/urandom',
      after: 'sleep 1',
    });
    const mark = randomUUID();
    const typeCtrlC = join(home, 'type-ctrl-c');
    const env = {
      SKIFF_HOME: home,
      CTRL_C_MARK: mark,
      ...minioThrough(proxy),
    };
    let typedAt = 0;
    const hangThenType = (async () => {
      await waitForFile(marker, 60_000);
      proxy.hang();
      // The task ends a second after the marker; then the upload starts and never returns.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(marked(mark).length, 'skiff still runs').toBeGreaterThan(0);
      writeFileSync(typeCtrlC, '');
      typedAt = performance.now() + 1_000; // the terminal types Ctrl-C a second after the file appears
    })();
    const result = await underTerminal(
      ['run', spec, '--pipeline-root', 'minio://mlpipeline/v2'],
      env,
      `file:${typeCtrlC}`,
    );
    await hangThenType;
    const exitMs = performance.now() - typedAt;
    console.log(`skiff exited ${Math.round(exitMs)} ms after Ctrl-C, with code ${result.code}`);
    expect(result.typed, result.output).toBe(true);
    expect(exitMs, result.output).toBeLessThan(10_000);
    expect(result.code, result.output).toBe(130);
    expect(result.output).not.toMatch(/SKIFF_INTERNAL|Traceback|\n\s+at /);
    expect(await noneLeft(mark)).toEqual([]);
    const list = await runCli(['runs', 'list', '--json'], { home });
    const run_id = lastJson<{ id: string }[]>(list.stdout)[0]?.id ?? '';
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

  it('Ctrl-C typed at a terminal while an input is staged from an S3 endpoint that stopped answering ends skiff in bounded time', async () => {
    const home = tempHome('skiff-hang-staging-');
    const proxy = await newProxy();
    proxy.hang();
    // The input lives in bucket "inputs", reached through the hung proxy; the run's own root is
    // on the server directly, so the storage check passes and the hang is met while staging.
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    await client.send(new PutObjectCommand({ Bucket: 'inputs', Key: 'data.bin', Body: 'input bytes' }));
    client.destroy();
    const provider = (bucket: string, port: number) => ({
      scheme: 's3',
      bucket,
      endpoint: `127.0.0.1:${port}`,
      secure: false,
      forcePathStyle: true,
      region: s3.region,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const config = join(home, 'skiff.json');
    writeFileSync(
      config,
      JSON.stringify({
        pipelineRoot: 's3://mlpipeline/v2',
        storage: { providers: [provider('inputs', proxy.port), provider('mlpipeline', s3.port)] },
      }),
    );
    const spec = join(home, 'staging.json');
    writeFileSync(spec, importThenRead('s3://inputs/data.bin'));
    const mark = randomUUID();
    const typeCtrlC = join(home, 'type-ctrl-c');
    let typedAt = 0;
    const watcher = (async () => {
      const deadline = Date.now() + 60_000;
      while (proxy.hungConnections() === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(proxy.hungConnections(), 'the input download never started').toBeGreaterThan(0);
      writeFileSync(typeCtrlC, '');
      typedAt = performance.now() + 1_000;
    })();
    const result = await underTerminal(
      ['run', spec, '--config', config],
      { SKIFF_HOME: home, CTRL_C_MARK: mark },
      `file:${typeCtrlC}`,
    );
    await watcher;
    const exitMs = performance.now() - typedAt;
    console.log(
      `skiff exited ${Math.round(exitMs)} ms after Ctrl-C during staging, with code ${result.code}`,
    );
    expect(result.typed, result.output).toBe(true);
    expect(exitMs, result.output).toBeLessThan(10_000);
    expect(result.code, result.output).toBe(130);
    expect(result.output).not.toMatch(/SKIFF_INTERNAL|Traceback|\n\s+at /);
    expect(await noneLeft(mark)).toEqual([]);
    const list = await runCli(['runs', 'list', '--json', '--config', config], { home });
    const runId = lastJson<{ id: string }[]>(list.stdout)[0]?.id ?? '';
    const got = await runCli(['runs', 'get', runId, '--json', '--config', config], { home });
    const details = lastJson<Details>(got.stdout);
    expect(details.run.state).toBe('CANCELED');
    const read = details.tasks.find((t) => t.path === 'read');
    expect(read?.state).toBe('CANCELED');
    expect(read?.attempts[0]?.message).toMatch(/the (download|staging) of input artifacts did not return/);
  }, 150_000);

  it('terminate through the API during an upload that hangs ends the run CANCELED in bounded time, no task process left', async () => {
    const mark = randomUUID();
    const proxy = await newProxy();
    const server = await startTestServer({
      CTRL_C_MARK: mark,
      ...minioThrough(proxy),
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
