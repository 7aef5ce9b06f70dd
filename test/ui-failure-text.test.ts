import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer, type TestServer } from './support/server.js';
import { allFinished, createSpecRun } from './support/ui-runs-api.js';

const skip = noBrowserReason();
// A Python-like traceback with long paths, then exit 1; tried twice.
const TRACEBACK = [
  'Traceback (most recent call last):',
  `  File "/very/long/path/${'to/'.repeat(20)}executor_main.py", line 71, in executor_main`,
  '    Executor(executor_input=executor_input, function_to_execute=function).execute()',
  '  File "/tmp/work/ephemeral_component.py", line 9, in inner',
  '    return 1/x',
  'ZeroDivisionError: division by zero',
];
const spec = pipeline(
  'ui-failure-text',
  { boom: { script: `printf '%s\\n' ${TRACEBACK.map((line) => `'${line}'`).join(' ')} >&2; exit 1` } },
  { tasks: { boom: task('boom', { retryPolicy: { maxRetryCount: 1, backoffDuration: '0s' } }) } },
);

const poll = <T>(probe: () => T | Promise<T>) => expect.poll(probe, { timeout: 20_000, interval: 100 });

describe.skipIf(skip !== undefined)(
  `failure messages in the task panel, in Chromium at 1400 px${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let runId: string;

    beforeAll(async () => {
      server = await startTestServer();
      runId = await createSpecRun(server, 'traceback run', spec);
      expect((await allFinished(server)).get('traceback run')).toBe('FAILED');
      browser = await openBrowser();
      await browser.page.goto(`${server.url}/#/runs/details/${runId}`);
      await browser.page.getByRole('tab', { name: 'Tasks' }).click();
      await browser.page.getByRole('button', { name: 'boom', exact: true }).click();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const panel = () => browser.page.getByRole('complementary', { name: 'Task boom' });

    it('shows the task’s error with its lines kept, in a box that scrolls', async () => {
      const error = panel().getByRole('figure', { name: 'Error of the task' });
      await poll(() => error.innerText()).toContain('Traceback (most recent call last):\n  File "/very/long');
      expect(await error.innerText()).toContain('\n    return 1/x\nZeroDivisionError: division by zero');
      const box = await error.boundingBox();
      expect(box!.height).toBeLessThan(300);
    });

    it('sums up each attempt’s failure in one line, keeps the Log button in view, and opens the whole message', async () => {
      const { page } = browser;
      const attempts = panel().getByRole('table', { name: 'Attempts' });
      const panelBox = (await panel().boundingBox())!;
      for (const number of [1, 2]) {
        const log = attempts.getByRole('button', { name: `Log of attempt ${number}` });
        await log.waitFor();
        const box = (await log.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(Math.min(panelBox.x + panelBox.width, 1400));
        expect(box.x).toBeGreaterThanOrEqual(panelBox.x);
        const row = attempts
          .getByRole('row')
          .filter({ has: page.getByRole('button', { name: `Log of attempt ${number}` }) });
        expect((await row.boundingBox())!.height).toBeLessThan(60);
      }
      const summary = attempts.getByRole('button', { name: /^SKIFF_EXEC_NONZERO/ }).first();
      expect(await summary.getAttribute('aria-expanded')).toBe('false');
      await summary.click();
      const message = page.getByRole('figure', { name: 'Message of attempt 1' });
      await poll(() => message.innerText()).toContain('ZeroDivisionError: division by zero');
      expect(await message.innerText()).toContain('Traceback (most recent call last):\n  File');
    });
  },
);
