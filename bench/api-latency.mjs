// API latency with a large store: 100,000 runs (and one run with 100 tasks) written straight into the
// metadata store, then `skiff server` (its own process) answers
//   list runs: page of 20, sorted by created_at desc, with a filter (state EQUALS SUCCEEDED) — p95 < 20 ms
//   get run with 100 tasks (run_details.task_details)                                       — p95 < 10 ms
// measured over 300 sequential requests each after 30 warm-up requests, from this process on loopback;
// and the Skiff runs page (GET /apis/skiff/v1/runs: names and 3 metric columns; every run has a
// system.Metrics artifact, half come from one of 10 pipeline versions in one of 10 experiments):
//   first page, the server's first request after start                                      — < 1 s
//   first page (storage_state EQUALS AVAILABLE, as a UI asks), p95                           — < 1 s
//   next page: 300 pages walked with next_page_token, p95 of one page                       — < 300 ms
// Usage: npm run build && [SPEC_BYTES=N] node bench/api-latency.mjs [runs=100000] [metadataUrl]
//   metadataUrl defaults to a fresh SQLite file; pass postgres://USER@HOST:PORT/DB for PostgreSQL
//   (an empty database; see BENCHMARKS.md for how the figures' cluster was made). On PostgreSQL the
//   bench runs VACUUM ANALYZE after seeding, as autovacuum would on a table that has settled.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openMetadataStore } from '../dist/metadata/index.js';
import { machine, startSkiffServer, tempDir } from './lib.mjs';
import { seedCatalog } from './seed-catalog.mjs';

const count = Number(process.argv[2] ?? 100_000);
const home = tempDir('skiff-bench-latency-');
const url = process.argv[3] ?? `sqlite://${join(home, 'skiff.db')}`;
const REQUESTS = 300;
const WARMUP = 30;

// SPEC_BYTES pads each run's spec text (real compiled specs are often 5-50 KB), which SQLite rows carry.
const padding = 'x'.repeat(Number(process.env.SPEC_BYTES ?? 0));
const spec = JSON.stringify({
  pipelineInfo: { name: 'bench-list', description: padding },
  root: { dag: { tasks: {} } },
});
const STATES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CANCELED'];

const CATALOG = 10;

function run(i, t0) {
  const catalog = i % 2 === 0 ? (i / 2) % CATALOG : undefined;
  return {
    id: randomUUID(),
    pipelineName: 'bench-list',
    displayName: `run-${i}`,
    specText: spec,
    arguments: {},
    pipelineRoot: `file://${home}/artifacts`,
    state: STATES[i % STATES.length],
    createdAtMs: t0 + i,
    scheduledAtMs: t0 + i,
    startedAtMs: t0 + i,
    finishedAtMs: t0 + i + 1000,
    options: { cache: true },
    outputs: null,
    error: null,
    storage: null,
    experimentId: catalog === undefined ? null : `bench-experiment-${catalog}`,
    description: '',
    storageState: 'AVAILABLE',
    pipelineVersion:
      catalog === undefined
        ? null
        : { pipelineId: `bench-pipeline-${catalog}`, pipelineVersionId: `bench-version-${catalog}` },
    recurringRunId: null,
  };
}

/** The system.Metrics artifact of run `i` (as `Metrics.log_metric` writes it: name → number). */
function metrics(runId, i, t0) {
  return {
    id: randomUUID(),
    runId,
    producerTaskId: null,
    name: 'metrics',
    uri: `file://${home}/artifacts/bench-list/${runId}/train/metrics`,
    schemaTitle: 'system.Metrics',
    schemaVersion: '0.0.1',
    metadata: {
      accuracy: (i % 100) / 100,
      loss: 1 - (i % 100) / 100,
      epochs: i % 7,
      display_name: 'metrics',
    },
    createdAtMs: t0 + i + 500,
  };
}

const store = await openMetadataStore(url);
const seeded = performance.now();
const t0 = Date.now() - count * 1000;
await seedCatalog(store, CATALOG, spec, t0);
for (let start = 0; start < count; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, count - start) }, (_, k) => run(start + k, t0));
  await Promise.all(batch.map((r) => store.runs.create(r)));
  await Promise.all(batch.map((r, k) => store.artifacts.create(metrics(r.id, start + k, t0))));
}
const big = run(count, t0);
await store.runs.create(big);
for (let i = 0; i < 100; i++) {
  const taskId = randomUUID();
  await store.tasks.create({
    id: taskId,
    runId: big.id,
    path: `task-${i}`,
    parentPath: null,
    name: `task-${i}`,
    kind: 'container',
    state: 'SUCCEEDED',
    createdAtMs: t0 + i,
    startedAtMs: t0 + i,
    finishedAtMs: t0 + i + 10,
    inputs: { parameters: { x: i }, artifacts: {} },
    outputs: { parameters: { Output: i * 2 }, artifacts: {} },
    cacheKey: null,
    cachedFrom: null,
    maxAttempts: 3,
    error: null,
    retryRound: 0,
  });
  // Every task has an attempt; every tenth needed three (two failed, then the retry succeeded).
  const attempts = i % 10 === 0 ? 3 : 1;
  for (let number = 1; number <= attempts; number++) {
    const last = number === attempts;
    await store.attempts.create({
      taskId,
      runId: big.id,
      number,
      state: last ? 'SUCCEEDED' : 'FAILED',
      startedAtMs: t0 + i + number,
      finishedAtMs: t0 + i + number + 5,
      exitCode: last ? 0 : 1,
      failureKind: last ? null : 'USER',
      message: last ? null : 'exit code 1',
      logUri: `file://${home}/artifacts/bench-list/${big.id}/logs/task-${i}.${number}.log`,
      nextRetryAtMs: last ? null : t0 + i + number + 6,
      retryRound: 0,
    });
  }
}
await store.close();
if (url.startsWith('postgres')) {
  // What autovacuum does to a settled table: statistics and the visibility map (index-only counts).
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('VACUUM ANALYZE runs');
  await client.query('VACUUM ANALYZE tasks');
  await client.query('VACUUM ANALYZE attempts');
  await client.query('VACUUM ANALYZE artifacts');
  await client.end();
}
console.log(
  `seeded ${count + 1} runs (${count} metrics artifacts) and 100 tasks (120 attempts) in ${((performance.now() - seeded) / 1000).toFixed(1)} s (${url.split(':')[0]})`,
);

const server = await startSkiffServer(home, { SKIFF_METADATA_URL: url });
const pagePath = '/apis/skiff/v1/runs?page_size=20';
const checkPage = (body) => {
  if (body.runs.length !== 20 || body.metric_columns.length !== 3)
    throw new Error(`runs page answered ${JSON.stringify(body).slice(0, 300)}`);
};
// The server's very first request: nothing cached, no connection warmed up.
const coldStarted = performance.now();
const coldResponse = await fetch(`${server.url}${pagePath}`);
checkPage(await coldResponse.json());
const cold = performance.now() - coldStarted;
const filter = encodeURIComponent(
  JSON.stringify({ predicates: [{ key: 'state', operation: 'EQUALS', string_value: 'SUCCEEDED' }] }),
);
const listPath = `/apis/v2beta1/runs?page_size=20&sort_by=${encodeURIComponent('created_at desc')}&filter=${filter}`;
const getPath = `/apis/v2beta1/runs/${big.id}`;

async function measure(path, check) {
  const times = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}${path}`);
    const body = await response.json();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
    check(body);
    if (i >= WARMUP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), max: times.at(-1) };
}

const list = await measure(listPath, (body) => {
  if (body.runs.length !== 20) throw new Error(`list answered ${body.runs.length} runs`);
});
const get = await measure(getPath, (body) => {
  if (body.run_details.task_details.length !== 100) throw new Error('get run answered the wrong task count');
});
const available = encodeURIComponent(
  JSON.stringify({ predicates: [{ key: 'storage_state', operation: 'EQUALS', string_value: 'AVAILABLE' }] }),
);
const firstPage = await measure(`${pagePath}&filter=${available}`, checkPage);
// Next pages: walk the list with its tokens, timing each page after the first.
const nextTimes = [];
let token = (await (await fetch(`${server.url}${pagePath}&filter=${available}`)).json()).next_page_token;
for (let i = 0; i < WARMUP + REQUESTS; i++) {
  const started = performance.now();
  const response = await fetch(
    `${server.url}${pagePath}&filter=${available}&page_token=${encodeURIComponent(token)}`,
  );
  const body = await response.json();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`next page: HTTP ${response.status} ${JSON.stringify(body)}`);
  checkPage(body);
  token = body.next_page_token;
  if (i >= WARMUP) nextTimes.push(ms);
}
nextTimes.sort((a, b) => a - b);
const nextAt = (q) => nextTimes[Math.min(nextTimes.length - 1, Math.floor(q * nextTimes.length))];
await server.stop();
console.log(`\n${count} runs, ${url.split(':')[0]}; machine: ${await machine()}`);
console.log(
  `list runs (20, created_at desc, state filter): p50 ${list.p50.toFixed(1)} ms, p95 ${list.p95.toFixed(1)} ms, max ${list.max.toFixed(1)} ms (target p95 < 20)`,
);
console.log(
  `get run with 100 tasks: p50 ${get.p50.toFixed(1)} ms, p95 ${get.p95.toFixed(1)} ms, max ${get.max.toFixed(1)} ms (target p95 < 10)`,
);
console.log(
  `skiff runs page (20, names, 3 metric columns): first request after start ${cold.toFixed(1)} ms (target < 1000)`,
);
console.log(
  `skiff runs page, first page (storage_state filter): p50 ${firstPage.p50.toFixed(1)} ms, p95 ${firstPage.p95.toFixed(1)} ms, max ${firstPage.max.toFixed(1)} ms (target < 1000)`,
);
console.log(
  `skiff runs page, next page by token (pages ${WARMUP + 2}-${WARMUP + REQUESTS + 1}): p50 ${nextAt(0.5).toFixed(1)} ms, p95 ${nextAt(0.95).toFixed(1)} ms, max ${nextTimes.at(-1).toFixed(1)} ms (target < 300)`,
);
