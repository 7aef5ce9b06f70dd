import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer, type TestServer } from './support/server.js';
import { allFinished, createSpecRun } from './support/ui-runs-api.js';

const skip = noBrowserReason();
const spec = pipeline(
  'ui-graph-keyboard',
  { say: { script: 'echo hi' } },
  { tasks: { a: task('say'), b: task('say', { dependentTasks: ['a'] }) } },
);

const poll = <T>(probe: () => T | Promise<T>) => expect.poll(probe, { timeout: 20_000, interval: 100 });

describe.skipIf(skip !== undefined)(
  `the run graph by keyboard, in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let runId: string;

    beforeAll(async () => {
      server = await startTestServer();
      runId = await createSpecRun(server, 'keyboard run', spec);
      expect((await allFinished(server)).get('keyboard run')).toBe('SUCCEEDED');
      browser = await openBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('names each node by kind, name and state, and opens its task panel with Enter or Space', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs/details/${runId}`);
      const nodeA = page.getByRole('group', { name: 'task a, Succeeded' });
      const nodeB = page.getByRole('group', { name: 'task b, Succeeded' });
      await nodeA.waitFor();
      await nodeB.waitFor();

      await nodeA.focus();
      await page.keyboard.press('Enter');
      await poll(() => page.getByRole('complementary', { name: 'Task a' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Close the task panel' }).click();
      await poll(() => page.getByRole('complementary').count()).toBe(0);

      await nodeB.focus();
      await page.keyboard.press('Space');
      await poll(() => page.getByRole('complementary', { name: 'Task b' }).count()).toBe(1);
    });
  },
);
