import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeArtifact, makeRun, makeTask } from '../contract/fixtures.js';
import type { MetadataStore } from '../metadata-store.js';
import type { ArtifactEvent } from '../records.js';
import { openSqliteMetadataStore } from './open-sqlite.js';

describe('group commit of concurrent writes (SQLite)', () => {
  let dir: string;
  let writer: MetadataStore;
  let reader: MetadataStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-group-commit-'));
    writer = await openSqliteMetadataStore(`sqlite://${join(dir, 'skiff.db')}`);
    reader = await openSqliteMetadataStore(`sqlite://${join(dir, 'skiff.db')}`);
    await writer.runs.create(makeRun());
  });
  afterEach(async () => {
    await writer.close();
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('settles each write only after it is committed, visible to another connection', async () => {
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await writer.tasks.create(makeTask({ id: `t-${i}`, path: `op-${i}` }));
        // The reader has its own connection, so it sees only committed rows.
        expect(await reader.tasks.get(`t-${i}`)).toBeDefined();
      }),
    );
  });

  it('fails only the statement that breaks a rule, keeping the others of the same batch', async () => {
    const results = await Promise.allSettled([
      writer.tasks.create(makeTask({ id: 'a', path: 'one' })),
      writer.tasks.create(makeTask({ id: 'b', path: 'one' })),
      writer.tasks.create(makeTask({ id: 'c', path: 'two' })),
      writer.tasks.create(makeTask({ id: 'd', runId: 'ghost', path: 'three' })),
      writer.tasks.create(makeTask({ id: 'e', path: 'four' })),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SKIFF_METADATA_CONFLICT' });
    expect((await reader.tasks.listByRun('run-1')).map((task) => task.id)).toEqual(['a', 'c', 'e']);
  });

  it('runs a multi-statement transaction alone while single writes queue around it', async () => {
    await writer.tasks.create(makeTask());
    await writer.artifacts.create(makeArtifact());
    const events = Array.from(
      { length: 400 },
      (_, i): ArtifactEvent => ({
        artifactId: 'art-1',
        taskId: 'task-1',
        type: 'INPUT',
        name: `in-${i}`,
      }),
    );
    const broken: ArtifactEvent[] = [
      ...events.slice(0, 200),
      { ...events[0]!, artifactId: 'ghost' },
      ...events,
    ];
    const results = await Promise.allSettled([
      writer.tasks.create(makeTask({ id: 'x', path: 'x' })),
      writer.artifacts.addEvents(broken.map((event) => ({ ...event, taskId: 'x' }))),
      writer.artifacts.addEvents(events),
      writer.tasks.create(makeTask({ id: 'y', path: 'y' })),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await reader.artifacts.listEvents('task-1')).toHaveLength(400);
    // The failed transaction left nothing behind.
    expect(await reader.artifacts.listEvents('x')).toEqual([]);
    expect(await reader.tasks.get('y')).toBeDefined();
  });

  it('rejects writes after close instead of hanging', async () => {
    const store = await openSqliteMetadataStore('sqlite::memory:');
    await store.close();
    await expect(store.runs.create(makeRun())).rejects.toThrow();
  });
});
