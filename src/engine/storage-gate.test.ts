import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pipeline, task } from '../../test/support/ir-builder.js';
import { SkiffError } from '../errors/index.js';
import { loadPipelineText } from '../ir/index.js';
import { SAMPLE_STORAGE } from '../metadata/contract/fixtures.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { openSqliteMetadataStore } from '../metadata/sqlite/open-sqlite.js';
import { createRun } from './create-run.js';
import { executeRun } from './execute-run.js';
import type { AttemptRequest, StorageCheck } from './ports.js';
import { systemClock } from './system-clock.js';

const stores: MetadataStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const STORAGE = SAMPLE_STORAGE;

async function runWithGate(check: StorageCheck | 'never', signal = new AbortController().signal) {
  const metadata = await openSqliteMetadataStore('sqlite::memory:');
  stores.push(metadata);
  const requests: AttemptRequest[] = [];
  const checked: string[] = [];
  const deps = {
    metadata,
    runner: {
      liveLogPath: () => '/tmp/skiff-test/x.log',
      run: async (req: AttemptRequest) => {
        requests.push(req);
        return { ok: true as const, outputs: { parameters: {}, artifacts: {} }, exitCode: 0, logUri: null };
      },
    },
    clock: systemClock,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    newId: randomUUID,
    options: { maxParallelTasks: 2, cache: false, workspaceRoot: '/tmp/skiff-test/workspaces' },
    storage: {
      check: (root: string): Promise<StorageCheck> => {
        checked.push(root);
        // 'never': a storage call that does not return (a hung mount), whatever the signal does.
        return check === 'never' ? new Promise<StorageCheck>(() => {}) : Promise.resolve(check);
      },
    },
  };
  const specText = pipeline('gated', { a: {} }, { tasks: { a: task('a') } });
  const spec = loadPipelineText(specText, 'gated.json');
  const run = await createRun(deps, {
    pipelineName: spec.name,
    specText,
    arguments: {},
    pipelineRoot: STORAGE.pipelineRoot,
  });
  const done = await executeRun(deps, { run, spec, signal });
  return {
    done,
    requests,
    checked,
    stored: await metadata.runs.get(run.id),
    tasks: await metadata.tasks.listByRun(run.id),
  };
}

describe('storage gate', () => {
  it('checks the pipeline root before the first task and records the storage the run used', async () => {
    const { done, requests, checked, stored } = await runWithGate({ ok: true, storage: STORAGE });
    expect(checked).toEqual(['minio://mlpipeline/v2']);
    expect(done.state).toBe('SUCCEEDED');
    expect(requests).toHaveLength(1);
    expect(stored?.storage).toStrictEqual(STORAGE);
  });

  it('fails the run before any task starts when the check fails, keeping the error and what was resolved', async () => {
    const error = new SkiffError(
      'SKIFF_STORAGE_IO',
      'endpoint http://127.0.0.1:9 (set in env:MINIO_HOST) refused',
    );
    const { done, requests, stored, tasks } = await runWithGate({ ok: false, storage: STORAGE, error });
    expect(done.state).toBe('FAILED');
    expect(requests).toHaveLength(0);
    expect(tasks).toHaveLength(0);
    expect(stored?.state).toBe('FAILED');
    expect(stored?.error).toContain(
      'SKIFF_STORAGE_IO: endpoint http://127.0.0.1:9 (set in env:MINIO_HOST) refused',
    );
    expect(stored?.error).toContain('Fix:');
    expect(stored?.storage).toStrictEqual(STORAGE);
    expect(stored?.finishedAtMs).not.toBeNull();
  });

  it('ends the run CANCELED within a bounded time when it is canceled while the check does not return', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('received SIGTERM')), 50);
    const started = Date.now();
    const { done, requests, stored } = await runWithGate('never', controller.signal);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(done.state).toBe('CANCELED');
    expect(stored?.state).toBe('CANCELED');
    expect(stored?.error).toContain('SKIFF_EXEC_CANCELED');
    expect(requests).toHaveLength(0);
  });
});
