#!/usr/bin/env node
// Takes the screenshots in docs/screenshots/: starts `skiff server` (the built dist/, so run
// `npm run build` first) with a temporary home, runs a few real pipelines (a retried task,
// metrics with a confusion matrix, a failed run), opens Debian's chromium with the browser
// tests' quiet flags and writes one PNG per page. A page this checkout does not have is skipped
// with a message.  Usage: node scripts/screenshots.mjs [out-dir]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATHS, QUIET_FLAGS } from '../test/support/chromium-flags.mjs';
import { failingSpec, trainingSpec } from './screenshot-specs.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(process.argv[2] ?? join(REPO, 'docs', 'screenshots'));

const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function startServer(home) {
  if (!existsSync(join(REPO, 'dist', 'skiff.mjs')) || !existsSync(join(REPO, 'dist', 'ui', 'index.html')))
    throw new Error('dist/ is not built: run `npm run build` first');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin', 'skiff.js'), 'server', '--port', String(port), '--home', home],
    {
      cwd: home,
      env: { ...process.env, SKIFF_HOME: home, SKIFF_CLOUD_METADATA: 'off' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 150; tries++) {
    if (child.exitCode !== null) throw new Error(`skiff server exited ${child.exitCode}: ${errors}`);
    const ok = await fetch(`${url}/apis/v2beta1/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop: () => child.kill('SIGTERM'), child };
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error(`skiff server did not answer at ${url}: ${errors}`);
}

function client(url) {
  return async (method, path, body) => {
    const init = { method };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await fetch(`${url}${path}`, init);
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** Real runs: two trainings (to compare), one failure; returns their ids. */
async function seed(api, home) {
  const experiment = await api('POST', '/apis/v2beta1/experiments', {
    display_name: 'image-classifier',
    description: 'Screenshots of Skiff’s web UI',
  });
  const form = new FormData();
  form.append('uploadfile', new Blob([JSON.stringify(trainingSpec(home))]), 'training-demo.yaml');
  const pipeline = await api('POST', '/apis/v2beta1/pipelines/upload?name=training-demo', form);
  const failingForm = new FormData();
  failingForm.append('uploadfile', new Blob([JSON.stringify(failingSpec())]), 'failing-demo.yaml');
  await api('POST', '/apis/v2beta1/pipelines/upload?name=failing-demo', failingForm);
  const versions = await api('GET', `/apis/v2beta1/pipelines/${pipeline.pipeline_id}/versions`);
  const reference = {
    pipeline_id: pipeline.pipeline_id,
    pipeline_version_id: versions.pipeline_versions[0].pipeline_version_id,
  };
  const run = (name, accuracy) =>
    api('POST', '/apis/v2beta1/runs', {
      display_name: name,
      experiment_id: experiment.experiment_id,
      pipeline_version_reference: reference,
      runtime_config: { parameters: { accuracy } },
    });
  const best = await run('train-lr-0.01', 0.91);
  const other = await run('train-lr-0.1', 0.84);
  const failed = await api('POST', '/apis/v2beta1/runs', {
    display_name: 'validate-new-data',
    experiment_id: experiment.experiment_id,
    pipeline_spec: failingSpec(),
  });
  const ids = { best: best.run_id, other: other.run_id, failed: failed.run_id };
  for (const id of Object.values(ids)) {
    for (let tries = 0; ; tries++) {
      const { state } = await api('GET', `/apis/v2beta1/runs/${id}`);
      if (['SUCCEEDED', 'FAILED', 'CANCELED'].includes(state)) {
        console.log(`run ${id}: ${state}`);
        break;
      }
      if (tries > 600) throw new Error(`run ${id} did not finish (state ${state})`);
      await sleep(200);
    }
  }
  return { ...ids, pipeline: pipeline.pipeline_id };
}

/** Opens `hash`, waits for it to settle, runs `prepare`, writes `name`.png; false when the page is missing. */
async function shoot(page, url, name, hash, prepare = async () => {}) {
  await page.goto('about:blank');
  await page.goto(`${url}/${hash}`);
  await page.locator('main').waitFor();
  for (let tries = 0; tries < 100 && (await page.getByText(/Loading/).count()) > 0; tries++) await sleep(100);
  if ((await page.getByText('SKIFF_UI_NO_PAGE').count()) > 0) {
    console.log(`skipped ${name}: this checkout has no page at ${hash}`);
    return false;
  }
  try {
    await prepare();
  } catch (error) {
    console.log(
      `${name}: could not prepare the view (${error.message.split('\n')[0]}); shooting it as it is`,
    );
  }
  await sleep(1_200);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`wrote ${join(OUT, `${name}.png`)}`);
  return true;
}

const home = mkdtempSync(join(tmpdir(), 'skiff-screenshots-'));
const executablePath = CHROMIUM_PATHS.find((path) => existsSync(path));
if (executablePath === undefined) {
  console.error('no chromium at /usr/bin/chromium: install the Debian package chromium');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const server = await startServer(home);
let browser;
try {
  const ids = await seed(client(server.url), home);
  browser = await chromium.launch({ executablePath, headless: true, args: [...QUIET_FLAGS] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  const url = server.url;
  await shoot(page, url, 'runs-list', '#/runs');
  await shoot(page, url, 'run-details', `#/runs/details/${ids.best}`, async () => {
    // The retried task selected in the graph: its panel lists every attempt with its exit code.
    await page.locator('[data-testid="dag-node"][data-node-id="fetch"]').click({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Log of attempt 1' }).waitFor({ timeout: 15_000 });
  });
  // The classification metrics (ROC curve, confusion matrix) on the artifact's own page.
  const artifacts = await client(server.url)('GET', `/apis/skiff/v1/runs/${ids.best}/artifacts`);
  const metrics = artifacts.artifacts.find((artifact) => artifact.type === 'system.ClassificationMetrics');
  if (metrics === undefined) console.log('skipped metrics: the run wrote no system.ClassificationMetrics');
  else
    await shoot(
      page,
      url,
      'metrics',
      `#/artifacts/details/${metrics.artifact_id}?run=${ids.best}`,
      async () => {
        await page.locator('.recharts-surface').first().waitFor({ timeout: 15_000 });
      },
    );
  await shoot(page, url, 'run-failed', `#/runs/details/${ids.failed}`);
  await shoot(page, url, 'compare', `#/compare?runlist=${ids.best},${ids.other}`);
  await shoot(page, url, 'settings', '#/settings');
  await shoot(page, url, 'pipelines', '#/pipelines');
  await shoot(page, url, 'pipeline-details', `#/pipelines/details/${ids.pipeline}`);
} finally {
  await browser?.close();
  server.stop();
  await new Promise((done) => (server.child.exitCode === null ? server.child.once('exit', done) : done()));
  rmSync(home, { recursive: true, force: true });
}
