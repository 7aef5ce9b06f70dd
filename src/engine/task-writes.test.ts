import { afterEach, describe, expect, it } from 'vitest';
import { ok, scripted, start } from '../../test/support/engine-harness.js';
import { pipeline, task } from '../../test/support/ir-builder.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { openSqliteMetadataStore } from '../metadata/sqlite/open-sqlite.js';
import { executeRun } from './execute-run.js';

type TaskWrite = { readonly kind: 'create' | 'createWithAttempt'; readonly path: string };

const opened: MetadataStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

/** A fresh in-memory store whose task-creating writes are recorded in order. */
async function countingStore(): Promise<{ store: MetadataStore; writes: TaskWrite[] }> {
  const inner = await openSqliteMetadataStore('sqlite::memory:');
  opened.push(inner);
  const writes: TaskWrite[] = [];
  const tasks: MetadataStore['tasks'] = {
    ...inner.tasks,
    create: (record) => {
      writes.push({ kind: 'create', path: record.path });
      return inner.tasks.create(record);
    },
    createWithAttempt: (record, attempt) => {
      writes.push({ kind: 'createWithAttempt', path: record.path });
      return inner.tasks.createWithAttempt(record, attempt);
    },
  };
  return { store: { ...inner, tasks }, writes };
}

describe('task rows of container tasks', () => {
  it('writes each task of a chain together with its first attempt (one commit per start)', async () => {
    const specText = pipeline(
      'chain-writes',
      { a: {}, b: {}, c: {} },
      {
        tasks: {
          a: task('a'),
          b: task('b', { dependentTasks: ['a'] }),
          c: task('c', { dependentTasks: ['b'] }),
        },
      },
    );
    const { store, writes } = await countingStore();
    const { deps, spec, run } = await start(specText, scripted({}).runner, {}, store);
    const done = await executeRun(deps, { run, spec, signal: new AbortController().signal });
    expect(done.state).toBe('SUCCEEDED');
    expect(writes).toEqual([
      { kind: 'createWithAttempt', path: 'a' },
      { kind: 'createWithAttempt', path: 'b' },
      { kind: 'createWithAttempt', path: 'c' },
    ]);
    const attempts = await store.attempts.listByRun(run.id);
    expect(attempts.map((a) => [a.number, a.state])).toEqual([
      [1, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
    ]);
  });

  it('writes a task that must wait for a slot before it waits, so it shows as running meanwhile', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const specText = pipeline('fan-out-writes', Object.fromEntries(names.map((name) => [name, {}])), {
      tasks: Object.fromEntries(names.map((name) => [name, task(name)])),
    });
    const { store, writes } = await countingStore();
    const stored: number[] = [];
    const { runner } = scripted(
      Object.fromEntries(
        names.map((name) => [
          name,
          async (req) => {
            stored.push((await store.tasks.listByRun(req.context.runId)).length);
            return ok();
          },
        ]),
      ),
    );
    const { deps, spec, run } = await start(specText, runner, {}, store);
    const done = await executeRun(deps, { run, spec, signal: new AbortController().signal });
    expect(done.state).toBe('SUCCEEDED');
    // maxParallelTasks 4: 8 attempts in flight at most (staging, running, collecting).
    expect(writes.filter((w) => w.kind === 'createWithAttempt')).toHaveLength(8);
    expect(writes.filter((w) => w.kind === 'create')).toHaveLength(4);
    // Every task is in the store, running, while the first attempts run.
    expect(stored[0]).toBe(12);
    const rows = await store.tasks.listByRun(run.id);
    expect(rows.map((row) => row.state)).toEqual(names.map(() => 'SUCCEEDED'));
    expect(await store.attempts.listByRun(run.id)).toHaveLength(12);
  });
});
