import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

const skip = noBrowserReason();
const dir = mkdtempSync(join(tmpdir(), 'ui-run-details-'));
const ITEM = 'pipelinechannel--loop-item';

/** A counter file per task: `flaky` fails (exit 5) until its third attempt; `once` fails (exit 7) on its first. */
const counter = (name: string) =>
  `f=${dir}/${name}; n=$(cat $f 2>/dev/null || echo 0); n=$((n+1)); echo $n > $f`;

const mainSpec = pipeline(
  'ui-details-main',
  {
    flaky: { script: `${counter('flaky')}; echo "flaky attempt line $n"; [ $n -ge 3 ] || exit 5` },
    leaf: { script: 'echo leaf' },
    outer: {
      dag: {
        tasks: {
          'inner-a': task('leaf'),
          'inner-b': task('leaf', { dependentTasks: ['inner-a'] }),
        },
      },
    },
    body: { inputs: { [ITEM]: 'NUMBER_INTEGER' }, dag: { tasks: { work: task('leaf') } } },
  },
  {
    tasks: {
      flaky: task('flaky', { retryPolicy: { maxRetryCount: 3, backoffDuration: '0s' } }),
      outer: task('outer'),
      loop: task('body', {
        parameterIterator: {
          items: { raw: JSON.stringify(Array.from({ length: 50 }, (_, i) => i)) },
          itemInput: ITEM,
        },
      }),
      after: task('leaf', { dependentTasks: ['flaky'] }),
    },
  },
);
const failSpec = pipeline(
  'ui-details-fail',
  { once: { script: `${counter('once')}; echo "once line $n"; [ $n -ge 2 ] || exit 7` } },
  { tasks: { once: task('once') } },
);
const liveSpec = pipeline(
  'ui-details-live',
  {
    waiter: {
      script: `i=0; while [ ! -f ${dir}/go ] && [ $i -lt 900 ]; do sleep 0.1; i=$((i+1)); done; echo released`,
    },
  },
  { tasks: { waiter: task('waiter') } },
);

const stuckSpec = pipeline(
  'ui-details-stuck',
  { stuck: { script: `i=0; while [ ! -f ${dir}/never ] && [ $i -lt 900 ]; do sleep 0.1; i=$((i+1)); done` } },
  { tasks: { stuck: task('stuck') } },
);

const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELED'];

/** expect.poll with room for a loaded machine (20 s unless told). */
const poll = <T>(probe: () => T | Promise<T>, timeoutMs = 20_000) =>
  expect.poll(probe, { timeout: timeoutMs, interval: 100 });

describe.skipIf(skip !== undefined)(
  `run details page in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let mainId: string;
    let failId: string;

    const submit = async (name: string, spec: string): Promise<string> => {
      const created = await callJson(server, 'POST', '/apis/v2beta1/runs', {
        display_name: name,
        pipeline_spec: JSON.parse(spec),
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      return String(created.json.run_id);
    };
    const finished = (id: string) =>
      waitFor(
        `run ${id} to end`,
        async () => {
          const state = String((await callJson(server, 'GET', `/apis/v2beta1/runs/${id}`)).json.state);
          return FINAL.includes(state) ? state : undefined;
        },
        120_000,
      );
    const node = (id: string) => browser.page.locator(`[data-testid="dag-node"][data-node-id="${id}"]`);
    const dag = () => browser.page.getByTestId('dag');

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
      mainId = await submit('main run', mainSpec);
      failId = await submit('fail run', failSpec);
      expect(await finished(mainId)).toBe('SUCCEEDED');
      expect(await finished(failId)).toBe('FAILED');
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows a task retried twice with "×3", its attempt rows with exit codes, and the log of attempt 1 when opened', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs/details/${mainId}`);
      await poll(() => page.getByRole('heading', { level: 1 }).textContent(), 20_000).toBe('main run');
      await poll(() => node('flaky').textContent(), 20_000).toContain('×3');
      expect(await node('after').textContent()).not.toContain('×');
      await node('flaky').click();
      const panel = page.getByRole('complementary', { name: 'Task flaky' });
      const attempts = panel.getByRole('table', { name: 'Attempts' });
      await poll(() => attempts.getByTestId('exit-code').allTextContents(), 20_000).toEqual(['5', '5', '0']);
      expect(await attempts.locator('tbody tr').first().textContent()).toContain('USER');
      await panel.getByRole('button', { name: 'Log of attempt 1' }).click();
      const log = panel.getByRole('log');
      await poll(() => log.textContent(), 20_000).toContain('flaky attempt line 1');
      expect(await log.textContent()).not.toContain('flaky attempt line 3');
      expect(await panel.getByRole('region', { name: 'Outputs' }).count()).toBe(1);
    }, 120_000);

    it('shows a ParallelFor of 50 as one node with counts, then its 50 iterations when expanded, and back', async () => {
      const { page } = browser;
      // The task panel of the last test narrows the graph: close it so every node is in view again.
      const close = page.getByRole('button', { name: 'Close the task panel' });
      if ((await close.count()) > 0) await close.click();
      await poll(() => node('loop').getByTestId('loop-counts').textContent()).toBe(
        '50 iterations: 50 succeeded',
      );
      expect(await dag().getAttribute('data-node-count')).toBe('4');
      await page.getByRole('button', { name: 'Open loop' }).click({ timeout: 15_000 });
      await poll(() => dag().getAttribute('data-node-count')).toBe('50');
      await poll(() => node('loop[0]').getAttribute('data-state')).toBe('SUCCEEDED');
      await node('loop[7]').dblclick({ timeout: 15_000 });
      await poll(() => node('loop[7].work').getAttribute('data-state')).toBe('SUCCEEDED');
      const trail = page.getByRole('navigation', { name: 'Graph levels' });
      expect(await trail.textContent()).toMatch(/^Run ›\s*loop ›\s*loop\[7\]$/);
      await trail.getByRole('button', { name: 'Run' }).click();
      await poll(() => dag().getAttribute('data-node-count')).toBe('4');
    });

    it('drills into a nested DAG on double-click and back through the breadcrumb', async () => {
      const { page } = browser;
      await node('outer').dblclick();
      await poll(() => dag().getAttribute('data-node-count')).toBe('2');
      expect(await node('outer.inner-b').getAttribute('data-state')).toBe('SUCCEEDED');
      expect(await page.locator('.react-flow__edge').count()).toBe(1);
      await page
        .getByRole('navigation', { name: 'Graph levels' })
        .getByRole('button', { name: 'Run' })
        .click();
      await poll(() => node('flaky').count()).toBe(1);
    });

    it('finds a task by name, on this level or another, and centres and selects it', async () => {
      const { page } = browser;
      const search = page.getByRole('searchbox', { name: 'Find a task' });
      await search.fill('inner-b');
      await search.press('Enter');
      await poll(() => page.getByRole('complementary', { name: 'Task outer.inner-b' }).count()).toBe(1);
      await poll(() => node('outer.inner-b').getAttribute('class')).toContain('dag-node-selected');
      await page
        .getByRole('navigation', { name: 'Graph levels' })
        .getByRole('button', { name: 'Run' })
        .click();
      await search.fill('after');
      await search.press('Enter');
      await poll(() => node('after').getAttribute('class')).toContain('dag-node-selected');
      const canvas = (await page.locator('.react-flow').boundingBox())!;
      await poll(async () => {
        const box = (await node('after').boundingBox())!;
        return Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2)) < 40;
      }).toBe(true);
      await search.fill('no-such-task');
      await search.press('Enter');
      await poll(() => page.getByText('No task named “no-such-task”').count()).toBe(1);
    });

    it('lists every task in the table, filtered by state and sorted by a column', async () => {
      const { page } = browser;
      await page.getByRole('tab', { name: 'Tasks' }).click();
      const table = page.getByRole('table', { name: 'Tasks' });
      // flaky, outer and its 2 tasks, loop, 50 iterations and their 50 tasks, after.
      await poll(() => page.getByRole('status').filter({ hasText: 'tasks' }).textContent()).toBe('106 tasks');
      await table.getByRole('button', { name: 'Attempts' }).click();
      await table.getByRole('button', { name: /Attempts/ }).click();
      expect(await table.getByRole('columnheader', { name: /Attempts/ }).getAttribute('aria-sort')).toBe(
        'descending',
      );
      await poll(() => table.locator('tbody tr:not(.vtable-spacer)').first().textContent()).toMatch(/^flaky/);
      await page.getByLabel('State').selectOption('FAILED');
      await poll(() => page.getByRole('status').filter({ hasText: 'tasks' }).textContent()).toBe('0 tasks');
      await page.getByLabel('State').selectOption('SUCCEEDED');
      await table.getByRole('button', { name: /Name/ }).click();
      await poll(() => table.locator('tbody tr:not(.vtable-spacer)').first().textContent()).toMatch(/^after/);
      const rows = await table.locator('tbody tr:not(.vtable-spacer)').count();
      expect(rows).toBeLessThan(60); // virtualized: 106 tasks, only the rows in view are drawn
    });

    it('shows the run info: parameters, the storage with its sources, and timing', async () => {
      const { page } = browser;
      await page.getByRole('tab', { name: 'Run info' }).click();
      const storage = page.getByRole('region', { name: 'Storage' });
      await poll(() => storage.textContent()).toContain('Pipeline root');
      expect(await storage.textContent()).toMatch(/file:\/\/.*default/);
      expect(await page.getByRole('region', { name: 'Timing' }).textContent()).toMatch(/Duration\d/);
    });

    it('shows a failed task, and retries the failed run from the page until it succeeds, drawn even when the retry ends first', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs/details/${failId}`);
      await poll(() => node('once').getAttribute('data-state'), 20_000).toBe('FAILED');
      await poll(() => page.locator('.page-header [data-state]').first().getAttribute('data-state')).toBe(
        'FAILED',
      );
      expect(await page.getByRole('button', { name: 'Terminate' }).count()).toBe(0);
      // The page follows the run again only after the retried run has ended, as happens on a
      // loaded machine: the snapshot and end it then gets at once must still be drawn.
      const events = `**/apis/skiff/v1/runs/${failId}/events`;
      await page.route(events, async (route) => {
        await waitFor(
          'the retried run to succeed',
          async () =>
            (await callJson(server, 'GET', `/apis/v2beta1/runs/${failId}`)).json.state === 'SUCCEEDED' ||
            undefined,
          60_000,
        );
        await route.continue();
      });
      await page.getByRole('button', { name: 'Retry' }).click();
      await poll(() => node('once').getAttribute('data-state'), 60_000).toBe('SUCCEEDED');
      await page.unroute(events);
      await poll(
        () => page.locator('.page-header [data-state]').first().getAttribute('data-state'),
        30_000,
      ).toBe('SUCCEEDED');
      await node('once').click();
      const attempts = page
        .getByRole('complementary', { name: 'Task once' })
        .getByRole('table', { name: 'Attempts' });
      await poll(() => attempts.getByTestId('exit-code').allTextContents(), 20_000).toEqual(['7', '0']);
      // The Round column: attempt 1 in the run's first execution, attempt 2 in its first retry.
      expect(await attempts.locator('tbody tr td:nth-child(9)').allTextContents()).toEqual(['0', '1']);
    }, 150_000);

    it('terminates a running run, archives and restores it, and deletes it once confirmed', async () => {
      const { page } = browser;
      const stuckId = await submit('stuck run', stuckSpec);
      const header = () => page.locator('.page-header [data-state]').first().getAttribute('data-state');
      const storage = async () =>
        String((await callJson(server, 'GET', `/apis/v2beta1/runs/${stuckId}`)).json.storage_state);
      await page.goto(`${server.url}/#/runs/details/${stuckId}`);
      await poll(() => node('stuck').getAttribute('data-state'), 30_000).toBe('RUNNING');
      await page.getByRole('button', { name: 'Terminate' }).click();
      await poll(header, 30_000).toBe('CANCELED');
      await poll(() => node('stuck').getAttribute('data-state'), 30_000).toBe('CANCELED');
      expect(await page.getByRole('button', { name: 'Terminate' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(1);

      await page.getByRole('button', { name: 'Archive', exact: true }).click();
      await page.getByRole('button', { name: 'Restore', exact: true }).waitFor({ timeout: 20_000 });
      await poll(storage).toBe('ARCHIVED');
      await page.getByRole('button', { name: 'Restore', exact: true }).click();
      await page.getByRole('button', { name: 'Archive', exact: true }).waitFor({ timeout: 20_000 });
      await poll(storage).toBe('AVAILABLE');

      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this run?' });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect((await callJson(server, 'GET', `/apis/v2beta1/runs/${stuckId}`)).status).toBe(200);
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog.getByRole('button', { name: 'Delete run' }).click();
      await page.waitForURL(/#\/runs$/, { timeout: 20_000 });
      expect((await callJson(server, 'GET', `/apis/v2beta1/runs/${stuckId}`)).status).toBe(404);
      expect(browser.pageErrors).toEqual([]);
    }, 120_000);

    it('changes a node’s state without reload and without asking for the task list again', async () => {
      const { page } = browser;
      const liveId = await submit('live run', liveSpec);
      const from = browser.requests.length;
      await page.goto(`${server.url}/#/runs/details/${liveId}`);
      await poll(() => node('waiter').getAttribute('data-state'), 30_000).toBe('RUNNING');
      writeFileSync(join(dir, 'go'), '');
      await poll(() => node('waiter').getAttribute('data-state'), 30_000).toBe('SUCCEEDED');
      await poll(() => page.locator('.page-header [data-state]').first().getAttribute('data-state')).toBe(
        'SUCCEEDED',
      );
      const asked = browser.requests.slice(from).map((url) => new URL(url).pathname);
      expect(asked.filter((path) => path.startsWith('/apis/v2beta1/runs'))).toEqual([]);
      expect(asked.filter((path) => path === `/apis/skiff/v1/runs/${liveId}`)).toHaveLength(1);
      expect(asked.filter((path) => path === `/apis/skiff/v1/runs/${liveId}/events`)).toHaveLength(1);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    }, 120_000);
  },
);
