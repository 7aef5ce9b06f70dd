// The run details graph at scale, in the real browser: a ParallelFor of N trivial tasks (default
// 2,000) executing in `skiff server`. Prints: graph visible after navigation, nodes drawn at first,
// the longest main-thread task (PerformanceObserver longtask) while expanding the loop to all its
// iterations and zooming out, node elements in the DOM then, and, over WATCH seconds of the run
// executing: the largest event message and whether any request downloaded the task list again.
// Usage: npm run build && node bench/ui-graph.mjs [N] [WATCH_SECONDS] [TASK_SLEEP_SECONDS]
import { machine, startSkiffServer, tempDir } from './lib.mjs';

const count = Number(process.argv[2] ?? 2000);
const watchSeconds = Number(process.argv[3] ?? 30);
const taskSleep = process.argv[4] ?? '0.06';

const { importTestSupport } = await import('./lib.mjs');
const { openBrowser } = await importTestSupport('browser');
const ITEM = 'pipelinechannel--loop-item';
/** A ParallelFor of `count` iterations, each one task running `command`. */
function loopSpec(command) {
  return {
    pipelineInfo: { name: 'ui-graph-bench' },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: {
      'comp-work': { executorLabel: 'exec-work' },
      'comp-body': {
        inputDefinitions: { parameters: { [ITEM]: { parameterType: 'NUMBER_INTEGER' } } },
        dag: { tasks: { work: { componentRef: { name: 'comp-work' }, taskInfo: { name: 'work' } } } },
      },
    },
    deploymentSpec: { executors: { 'exec-work': { container: { image: 'alpine', command } } } },
    root: {
      dag: {
        tasks: {
          loop: {
            componentRef: { name: 'comp-body' },
            taskInfo: { name: 'loop' },
            parameterIterator: {
              items: { raw: JSON.stringify(Array.from({ length: count }, (_, i) => i)) },
              itemInput: ITEM,
            },
          },
        },
      },
    },
  };
}

const server = await startSkiffServer(tempDir('skiff-bench-ui-graph-'));
const browser = await openBrowser();
const { page } = browser;
const submit = async (name, command) =>
  (
    await (
      await fetch(`${server.url}/apis/v2beta1/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ display_name: name, pipeline_spec: loopSpec(command) }),
      })
    ).json()
  ).run_id;
const stateOf = async (runId) =>
  (await (await fetch(`${server.url}/apis/skiff/v1/runs/${runId}`)).json()).state;
const nodesInDom = () => page.locator('.react-flow__node').count();
/** Navigate to a run's page; milliseconds until its first graph node is visible. */
async function open(runId) {
  const started = performance.now();
  await page.goto(`${server.url}/#/runs/details/${runId}`);
  await page.locator('[data-testid="dag-node"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  return performance.now() - started;
}

try {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        window.__longTasks.push({ start: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  console.log(`machine: ${await machine()}`);

  // 1. A finished run of `count` iterations: open, then expand the loop to all of them and zoom out.
  const doneId = await submit(`loop of ${count}`, ['true']);
  while (!['SUCCEEDED', 'FAILED', 'CANCELED'].includes(await stateOf(doneId)))
    await new Promise((r) => setTimeout(r, 500));
  const visibleMs = await open(doneId);
  const firstNodes = await nodesInDom();
  const expandFrom = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Open loop' }).click();
  await page
    .locator(`[data-testid="dag"][data-layout="longest-path"][data-node-count="${count}"]`)
    .waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1_000);
  const expandedNodes = await nodesInDom();
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await page.waitForTimeout(1_000);
  const zoomedOutNodes = await nodesInDom();
  await page.mouse.move(700, 500);
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(50);
  }
  const longTasks = await page.evaluate(
    (from) => window.__longTasks.filter((t) => t.start >= from),
    expandFrom,
  );
  const longestMs = Math.max(0, ...longTasks.map((t) => t.ms));
  console.log(`finished ParallelFor of ${count}:`);
  console.log(`  graph visible after navigation: ${visibleMs.toFixed(0)} ms (target < 2000)`);
  console.log(`  nodes drawn at first: ${firstNodes} (target <= 50)`);
  console.log(
    `  expanded to ${count} iterations: ${expandedNodes} node elements in the DOM at full size, ${zoomedOutNodes} with the view fitted (zoom clamped) (target < 500)`,
  );
  console.log(
    `  longest main-thread task from expanding to fitting and panning: ${longestMs.toFixed(0)} ms over ${longTasks.length} long tasks (target < 200)`,
  );

  // 2. A run executing for WATCH seconds: event sizes and requests of its page.
  const liveId = await submit(`live loop of ${count}`, ['sh', '-c', `sleep ${taskSleep}`]);
  const events = watchEvents(`${server.url}/apis/skiff/v1/runs/${liveId}/events`);
  const watchStarted = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const fromRequest = browser.requests.length;
  const liveVisibleMs = await open(liveId);
  const liveFrom = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Open loop' }).click();
  const left = watchSeconds * 1000 - (Date.now() - watchStarted);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  events.close();
  const liveLong = await page.evaluate((from) => window.__longTasks.filter((t) => t.start >= from), liveFrom);
  const liveNodes = await nodesInDom();
  const shown = await page.getByTestId('dag').getAttribute('data-node-count');
  const asked = browser.requests.slice(fromRequest).map((url) => new URL(url).pathname);
  const again = asked.filter(
    (path) => path.startsWith(`/apis/v2beta1/runs/${liveId}`) || /\/tasks\/?$/.test(path),
  );
  const state = await stateOf(liveId);
  console.log(
    `executing ParallelFor of ${count} (sleep ${taskSleep} s each), ${state === 'RUNNING' ? 'still running' : state} after ${watchSeconds} s:`,
  );
  console.log(`  graph visible after navigation: ${liveVisibleMs.toFixed(0)} ms`);
  console.log(`  event messages: ${events.count}, largest ${events.largest} bytes (target <= 65536)`);
  console.log(
    `  requests that read the task list again: ${again.length} (of ${asked.length} requests; the run without its tasks read ${asked.filter((p) => p === `/apis/skiff/v1/runs/${liveId}`).length} time)`,
  );
  console.log(
    `  loop expanded live: ${shown} iterations so far, ${liveNodes} node elements in the DOM; longest main-thread task ${Math.max(0, ...liveLong.map((t) => t.ms)).toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await server.stop();
}

/** Follow an event stream in Node and measure each message's size on the wire. */
function watchEvents(url) {
  const controller = new AbortController();
  const stats = { count: 0, largest: 0, close: () => controller.abort() };
  void (async () => {
    try {
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          if (message.startsWith(':')) continue;
          stats.count++;
          stats.largest = Math.max(stats.largest, Buffer.byteLength(message));
        }
      }
    } catch {
      // Closed.
    }
  })();
  return stats;
}
