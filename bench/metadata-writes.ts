/**
 * Metadata-store write throughput, written the way the engine writes: 5 writes per task (task
 * create, RUNNING, attempt create, attempt done, task done), sequentially and from concurrent tasks.
 * Prints best and median of several rounds per scenario (the first round includes JIT warm-up).
 * Run: compile with tsc, then `node <out>/bench/metadata-writes.js [tasks] [rounds]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeAttempt, makeRun, makeTask, SAMPLE_IO, T0 } from '../src/metadata/contract/fixtures.js';
import type { MetadataStore } from '../src/metadata/metadata-store.js';
import { openSqliteMetadataStore } from '../src/metadata/sqlite/open-sqlite.js';

const TASKS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);
const WRITES_PER_TASK = 5;
let runs = 0;

async function lifecycle(store: MetadataStore, runId: string, i: number): Promise<void> {
  const id = `${runId}-task-${i}`;
  await store.tasks.create(makeTask({ id, runId, path: `loop[${i}].op`, inputs: SAMPLE_IO }));
  await store.tasks.update(id, { state: 'RUNNING', startedAtMs: T0 + i });
  await store.attempts.create(makeAttempt({ taskId: id, runId }));
  await store.attempts.update(id, 1, { state: 'SUCCEEDED', exitCode: 0, finishedAtMs: T0 + i + 1 });
  await store.tasks.update(id, { state: 'SUCCEEDED', finishedAtMs: T0 + i + 1, outputs: SAMPLE_IO });
}

/** Milliseconds to write TASKS lifecycles into a new run. */
async function round(store: MetadataStore, concurrent: boolean): Promise<number> {
  const runId = `run-${runs++}`;
  await store.runs.create(makeRun({ id: runId }));
  const start = performance.now();
  if (concurrent) {
    await Promise.all(Array.from({ length: TASKS }, (_, i) => lifecycle(store, runId, i)));
  } else {
    for (let i = 0; i < TASKS; i++) await lifecycle(store, runId, i);
  }
  return performance.now() - start;
}

async function scenario(label: string, url: string, concurrent: boolean): Promise<void> {
  const store = await openSqliteMetadataStore(url);
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await round(store, concurrent));
  await store.close();
  const sorted = [...times].sort((a, b) => a - b);
  const best = sorted[0]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const writes = TASKS * WRITES_PER_TASK;
  const rate = (ms: number) => Math.round((writes / ms) * 1000);
  console.log(
    `${label.padEnd(24)} ${writes} writes: best ${best.toFixed(0)} ms (${rate(best)}/s), ` +
      `median ${median.toFixed(0)} ms (${rate(median)}/s), first ${times[0]!.toFixed(0)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
try {
  await scenario('file, sequential', `sqlite://${join(dir, 'seq.db')}`, false);
  await scenario('file, concurrent', `sqlite://${join(dir, 'con.db')}`, true);
  await scenario('memory, sequential', 'sqlite::memory:', false);
  await scenario('memory, concurrent', 'sqlite::memory:', true);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
