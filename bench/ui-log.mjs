// The log viewer with a ~100 MB log, in the real browser (Debian chromium through playwright-core):
// a run whose task prints ~100 MB (1.4 million lines of 74 bytes, every 1,000th coloured), then the
// log page opened at its end, then scrolled to the top in 20 steps (as a dragged scrollbar) and at
// once, then searched for a line in its middle (found by the server, in no page read). Figures: the longest main-thread task (PerformanceObserver 'longtask') while opening and
// while scrolling, the time to the last line and to the first line, and the bytes fetched; and, as
// a baseline, the longest task while opening the same page on a one-line log (the app starting).
// Target: no main-thread task over 200 ms. Run `npm run build` first.
//
//   node bench/ui-log.mjs [lines=1400000] [rounds=3]
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startSkiffServer, tempDir } from './lib.mjs';

const LINES = Number(process.argv[2] ?? 1_400_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (CHROMIUM === undefined) throw new Error('no chromium at /usr/bin/chromium: apt-get install chromium');

const script =
  `awk 'BEGIN { x = sprintf("%60s", ""); gsub(/ /, "x", x); for (i = 1; i <= ${LINES}; i++) ` +
  `if (i % 1000 == 0) printf "\\033[32mrow %08d\\033[0m %s\\n", i, x; else printf "row %08d %s\\n", i, x }'`;
/** A one-task pipeline whose task `big` runs `command` with sh. */
const specOf = (command) => ({
  pipelineInfo: { name: 'big-log' },
  schemaVersion: '2.1.0',
  components: { 'comp-big': { executorLabel: 'exec-big' } },
  deploymentSpec: {
    executors: { 'exec-big': { container: { image: 'alpine', command: ['sh', '-c', command] } } },
  },
  root: { dag: { tasks: { big: { componentRef: { name: 'comp-big' }, taskInfo: { name: 'big' } } } } },
});

/** Submit a run of `spec` and wait for it to succeed; its id. */
async function runToEnd(url, spec) {
  const created = await (
    await fetch(`${url}/apis/v2beta1/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: spec.pipelineInfo.name, pipeline_spec: spec }),
    })
  ).json();
  for (;;) {
    const run = await (await fetch(`${url}/apis/v2beta1/runs/${created.run_id}`)).json();
    if (run.state === 'SUCCEEDED') return created.run_id;
    if (['FAILED', 'CANCELED'].includes(run.state)) throw new Error(`the run ended ${run.state}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A new page that records long tasks from its start. */
async function observedPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        window.__longtasks.push({ at: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  return { context, page: await context.newPage() };
}

const server = await startSkiffServer(tempDir('skiff-bench-ui-log-'));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ],
});
try {
  const runId = await runToEnd(server.url, specOf(script));
  const smallRunId = await runToEnd(server.url, specOf('echo the only line'));
  const logSize = Number(
    (
      await fetch(`${server.url}/apis/skiff/v1/runs/${runId}/tasks/big/logs`, {
        headers: { range: 'bytes=0-0' },
      })
    ).headers
      .get('content-range')
      .split('/')[1],
  );
  const last = `row ${String(LINES).padStart(8, '0')}`;
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const baseline = await observedPage(browser);
    await baseline.page.goto(`${server.url}/#/runs/details/${smallRunId}/logs/big`);
    await baseline.page.getByRole('log').getByText('the only line').waitFor({ timeout: 60_000 });
    await baseline.page.waitForTimeout(300);
    const baselineTasks = await baseline.page.evaluate(() => window.__longtasks);
    await baseline.context.close();
    const { context, page } = await observedPage(browser);
    let fetched = 0;
    page.on('response', (response) => {
      if (response.url().includes('/tasks/big/logs'))
        fetched += Number(response.headers()['content-length'] ?? 0);
    });
    const started = Date.now();
    await page.goto(`${server.url}/#/runs/details/${runId}/logs/big`);
    const log = page.getByRole('log');
    await log.getByText(last).waitFor({ timeout: 60_000 });
    const openMs = Date.now() - started;
    const opened = await page.evaluate(() => performance.now());
    const height = await log.evaluate((element) => element.scrollHeight);
    for (let step = 19; step >= 0; step--) {
      await log.evaluate(
        (element, top) => {
          element.scrollTop = top;
        },
        Math.round((height * step) / 20),
      );
      await page.waitForTimeout(50);
    }
    const toTop = Date.now();
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await log.getByText('row 00000001 ').waitFor({ timeout: 60_000 });
    const topMs = Date.now() - toTop;
    await page.waitForTimeout(500);
    // A search for a line in the middle, in no page read: the server searches the whole log.
    const searchAt = await page.evaluate(() => performance.now());
    const searchStarted = Date.now();
    const wanted = `row ${String(Math.ceil(LINES / 2) + 1).padStart(8, '0')} x`;
    await page.getByRole('searchbox', { name: 'Search the log' }).fill(wanted);
    await page.locator('mark.log-match-current', { hasText: wanted }).waitFor({ timeout: 60_000 });
    const searchMs = Date.now() - searchStarted;
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__longtasks);
    const open = tasks.filter((task) => task.at < opened);
    const scroll = tasks.filter((task) => task.at >= opened && task.at < searchAt);
    const search = tasks.filter((task) => task.at >= searchAt);
    const max = (list) => Math.round(Math.max(0, ...list.map((task) => task.ms)));
    rounds.push({
      baselineOpenTaskMs: max(baselineTasks),
      openMs,
      topMs,
      maxOpenTaskMs: max(open),
      maxScrollTaskMs: max(scroll),
      searchMs,
      maxSearchTaskMs: max(search),
      openTasksMs: open.map((task) => Math.round(task.ms)),
      scrollTasksMs: scroll.map((task) => Math.round(task.ms)),
      fetched,
    });
    await context.close();
  }
  const median = (key) => rounds.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
  console.log(JSON.stringify({ logBytes: logSize, lines: LINES, rounds }, null, 1));
  console.log(
    `log ${(logSize / 2 ** 20).toFixed(1)} MiB, ${LINES} lines; median of ${ROUNDS} rounds: ` +
      `longest main-thread task opening ${median('maxOpenTaskMs')} ms, scrolling to the top ${median('maxScrollTaskMs')} ms ` +
      `(target: none over 200 ms; opening a one-line log: ${median('baselineOpenTaskMs')} ms); last line shown ${median('openMs')} ms after navigation, first line ${median('topMs')} ms ` +
      `after the jump to the top; fetched ${(median('fetched') / 2 ** 20).toFixed(2)} MiB of the log (search included); ` +
      `a search for a line in the middle shown ${median('searchMs')} ms after typing (250 ms of it waiting for typing to pause), longest task meanwhile ${median('maxSearchTaskMs')} ms`,
  );
} finally {
  await browser.close();
  await server.stop();
}
