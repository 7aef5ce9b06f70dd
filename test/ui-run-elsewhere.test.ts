import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { lastJson } from './support/cli.js';
import { startRunElsewhere } from './support/elsewhere-run.js';
import { startTestServer, type TestServer } from './support/server.js';

const skip = noBrowserReason();

/** expect.poll with room for a loaded machine. */
const poll = <T>(probe: () => T | Promise<T>, timeoutMs = 30_000) =>
  expect.poll(probe, { timeout: timeoutMs, interval: 100 });

describe.skipIf(skip !== undefined)(
  `a run that \`skiff run\` executes, followed in Chromium through \`skiff server\`${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('updates the graph, the retry badge and the run state without reload', async () => {
      const { page } = browser;
      const node = (id: string) => page.locator(`[data-testid="dag-node"][data-node-id="${id}"]`);
      const run = await startRunElsewhere(server);
      const from = browser.requests.length;
      await page.goto(`${server.url}/#/runs/details/${run.runId}`);
      await poll(() => node('wait').getAttribute('data-state')).toBe('RUNNING');
      run.openGate();
      await poll(() => node('flaky').getAttribute('data-state')).toBe('SUCCEEDED');
      expect(await node('flaky').textContent()).toContain('×2');
      await poll(() => page.locator('.page-header [data-state]').first().getAttribute('data-state')).toBe(
        'SUCCEEDED',
      );
      const result = await run.result;
      expect(result.code, result.stderr).toBe(0);
      expect(lastJson(result.stdout)).toMatchObject({ run_id: run.runId, state: 'SUCCEEDED' });
      // One read of the run and one event stream: nothing was reloaded.
      const asked = browser.requests.slice(from).map((url) => new URL(url).pathname);
      expect(asked.filter((path) => path === `/apis/skiff/v1/runs/${run.runId}`)).toHaveLength(1);
      expect(asked.filter((path) => path === `/apis/skiff/v1/runs/${run.runId}/events`)).toHaveLength(1);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    }, 120_000);
  },
);
