// The web UI's runs list in a real browser (Debian chromium through playwright-core) against
// `skiff server` (its own process) with 100,000 runs in its SQLite store, each with a
// system.Metrics artifact, half of them from one of 10 pipeline versions in one of 10 experiments:
//   time to first row: from navigation to `#/runs` until the table's first row is drawn  — < 1 s
//     (a full page load, the first one cold; and an in-app navigation from another page)
//   next page: from the "Next page" click until the next page's first row is drawn       — < 300 ms
//   JavaScript the runs list page loads, gzipped (as served with Accept-Encoding: gzip)   — < 350 KB
// Usage: npm run build && node bench/ui-runs-list.mjs [runs=100000] [rounds=10]
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openMetadataStore } from '../dist/metadata/index.js';
import { importTestSupport, machine, median, REPO, startSkiffServer, tempDir } from './lib.mjs';
import { seedCatalog } from './seed-catalog.mjs';

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 10);
const home = tempDir('skiff-bench-ui-runs-');
const url = `sqlite://${join(home, 'skiff.db')}`;
const spec = JSON.stringify({ pipelineInfo: { name: 'bench-ui' }, root: { dag: { tasks: {} } } });
const STATES = ['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'SUCCEEDED'];

/** Run `i` and its metrics artifact, created `i` seconds after `t0`. */
function records(i, t0) {
  const k = i % 2 === 0 ? (i / 2) % 10 : undefined;
  const id = randomUUID();
  const at = t0 + i * 1000;
  const run = {
    id,
    pipelineName: 'bench-ui',
    displayName: `run-${i}`,
    specText: spec,
    arguments: {},
    pipelineRoot: `file://${home}/artifacts`,
    state: STATES[i % STATES.length],
    createdAtMs: at,
    scheduledAtMs: at,
    startedAtMs: at,
    finishedAtMs: at + 1000 + (i % 50) * 100,
    options: { cache: true },
    outputs: null,
    error: null,
    storage: null,
    experimentId: k === undefined ? null : `bench-experiment-${k}`,
    description: '',
    storageState: 'AVAILABLE',
    pipelineVersion:
      k === undefined ? null : { pipelineId: `bench-pipeline-${k}`, pipelineVersionId: `bench-version-${k}` },
    recurringRunId: null,
  };
  const artifact = {
    id: randomUUID(),
    runId: id,
    producerTaskId: null,
    name: 'metrics',
    uri: `file://${home}/artifacts/${id}/metrics`,
    schemaTitle: 'system.Metrics',
    schemaVersion: '0.0.1',
    metadata: { accuracy: (i % 100) / 100, loss: 1 - (i % 100) / 100, epochs: i % 7 },
    createdAtMs: at + 500,
  };
  return { run, artifact };
}

async function seed() {
  const store = await openMetadataStore(url);
  const t0 = Date.now() - count * 1000;
  await seedCatalog(store, 10, spec, t0);
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, j) => records(start + j, t0));
    await Promise.all(batch.map((r) => store.runs.create(r.run)));
    await Promise.all(batch.map((r) => store.artifacts.create(r.artifact)));
  }
  await store.close();
}

const seeded = performance.now();
await seed();
console.log(`seeded ${count} runs with metrics in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
const server = await startSkiffServer(home, { SKIFF_METADATA_URL: url });
const { openBrowser } = await importTestSupport('browser');
const browser = await openBrowser();
const { page } = browser;
const firstRow = () => page.locator('section[aria-label="Runs"] tbody tr').first();
const firstRunId = () => firstRow().getAttribute('data-run-id', { timeout: 30_000 });

/** Milliseconds from `act` until the first row's run id is not `previous` (and a row is drawn). */
async function untilFirstRow(act, previous) {
  const started = performance.now();
  await act();
  await page.waitForFunction(
    (before) => {
      const row = document.querySelector('section[aria-label="Runs"] tbody tr');
      return row !== null && row.getAttribute('data-run-id') !== before;
    },
    previous,
    { timeout: 30_000, polling: 'raf' },
  );
  return performance.now() - started;
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
  return `p50 ${median(values).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms (${values.length})`;
};

try {
  const cold = await untilFirstRow(() => page.goto(`${server.url}/#/runs`), null);
  // Where the cold load's time went: the document, the scripts, the one runs request.
  const coldParts = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/apis/skiff/v1/runs?'));
    return {
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null,
      apiStartMs: api?.startTime ?? null,
      apiMs: api ? api.responseEnd - api.startTime : null,
    };
  });
  const loadedJs = browser.requests.filter((u) => /\/assets\/[^/?]+\.js$/.test(u));
  const gzipBytes = loadedJs.reduce((sum, u) => {
    const file = join(REPO, 'dist', 'ui', 'assets', u.split('/').at(-1));
    return sum + (statSync(`${file}.gz`, { throwIfNoEntry: false })?.size ?? statSync(file).size);
  }, 0);
  const loads = [];
  const inApp = [];
  const nextPages = [];
  for (let r = 0; r < rounds; r++) {
    await page.goto('about:blank');
    loads.push(await untilFirstRow(() => page.goto(`${server.url}/#/runs`), null));
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Experiments', exact: true })
      .click();
    await page.waitForURL(/#\/experiments$/);
    inApp.push(
      await untilFirstRow(
        () =>
          page
            .getByRole('navigation', { name: 'Main' })
            .getByRole('link', { name: 'Runs', exact: true })
            .click(),
        null,
      ),
    );
    for (let p = 0; p < 5; p++) {
      const before = await firstRunId();
      nextPages.push(
        await untilFirstRow(() => page.getByRole('button', { name: 'Next page' }).click(), before),
      );
    }
  }
  const rows = await page.locator('section[aria-label="Runs"] tbody tr').count();
  const metricHeaders = await page
    .locator('section[aria-label="Runs"] thead th[title="Scalar metric"]')
    .count();
  console.log(`machine: ${await machine()}`);
  console.log(`rows per page: ${rows}, metric columns: ${metricHeaders}`);
  console.log(
    `first row, first page load of a fresh browser: ${cold.toFixed(0)} ms (document loaded at ${coldParts.domContentLoadedMs?.toFixed(0)} ms, runs request sent at ${coldParts.apiStartMs?.toFixed(0)} ms and answered in ${coldParts.apiMs?.toFixed(0)} ms)`,
  );
  console.log(`first row, page load: ${stats(loads)}`);
  console.log(`first row, in-app navigation to #/runs: ${stats(inApp)}`);
  console.log(`next page: ${stats(nextPages)}`);
  console.log(
    `JavaScript loaded by the runs list: ${loadedJs.length} files, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`,
  );
  if (browser.foreignRequests(server.url).length > 0) throw new Error('requests to another origin');
} finally {
  await browser.close();
  await server.stop();
}
