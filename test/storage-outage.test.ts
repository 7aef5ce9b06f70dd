import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { type S3TestServer, startS3rver } from './support/s3-servers.js';
import { waitForFile, writeUploadSpec } from './support/upload-spec.js';

// Storage that drops while a task uploads its output: the upload is retried inside the attempt;
// when that budget runs out the attempt fails as SYSTEM and the task's retryPolicy retries it. Every
// attempt is recorded in the metadata store even though storage was down.

const SIZE_BYTES = 48 * 1024 * 1024;

interface Details {
  tasks: {
    path: string;
    state: string;
    attempts: { number: number; state: string; failureKind: string | null; message: string | null }[];
  }[];
}

describe('storage that drops during an upload', () => {
  let server: S3TestServer;
  beforeAll(async () => {
    server = await startS3rver({ buckets: ['mlpipeline'] });
  });
  afterAll(async () => server?.stop());

  async function runThroughOutage(downMs: number, env: Record<string, string>) {
    const home = tempHome('skiff-outage-');
    const { spec, marker } = writeUploadSpec('upload-during-outage', {
      sizeBytes: SIZE_BYTES,
      retryPolicy: {
        maxRetryCount: 3,
        backoffDuration: '3s',
        backoffFactor: 1,
        backoffMaxDuration: '600s',
      },
    });
    const fullEnv = {
      MINIO_HOST: '127.0.0.1',
      MINIO_PORT: String(server.port),
      MINIO_SSL: 'false',
      MINIO_ACCESS_KEY: server.accessKeyId,
      MINIO_SECRET_KEY: server.secretAccessKey,
      ...env,
    };
    const running = runCli(['run', spec, '--pipeline-root', 'minio://mlpipeline/v2', '--json'], {
      home,
      env: fullEnv,
      timeoutMs: 120_000,
    });
    await waitForFile(marker, 60_000);
    await server.restart(downMs);
    const result = await running;
    const run = lastJson<{ run_id: string; state: string }>(result.stdout);
    const got = await runCli(['runs', 'get', run.run_id, '--json'], { home, env: fullEnv });
    const big = lastJson<Details>(got.stdout).tasks.find((t) => t.path === 'big')!;
    return { result, run, big };
  }

  it('retries the upload inside the attempt when storage comes back within the budget', async () => {
    const { result, run, big } = await runThroughOutage(2_000, {
      SKIFF_STORAGE_RETRY_BUDGET_SECONDS: '30',
      SKIFF_STORAGE_RETRY_MAX_ATTEMPTS: '10',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(run.state).toBe('SUCCEEDED');
    expect(big.attempts.map((a) => [a.state, a.message])).toEqual([['SUCCEEDED', null]]);
  }, 150_000);

  it('fails the attempt as SYSTEM when the budget runs out, and the retry policy makes the run succeed', async () => {
    const { result, run, big } = await runThroughOutage(4_000, {
      SKIFF_STORAGE_RETRY_BUDGET_SECONDS: '1',
      SKIFF_STORAGE_RETRY_MAX_ATTEMPTS: '3',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(run.state).toBe('SUCCEEDED');
    const [first, ...rest] = big.attempts;
    expect(first).toMatchObject({ number: 1, state: 'FAILED', failureKind: 'SYSTEM' });
    expect(first?.message).toMatch(/SKIFF_STORAGE_(IO|UNREACHABLE)/);
    expect(first?.message).toContain('127.0.0.1');
    expect(rest.at(-1)).toMatchObject({ state: 'SUCCEEDED' });
  }, 150_000);
});
