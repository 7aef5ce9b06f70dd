import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer, type TestServer } from './support/server.js';
import { createSpecRun } from './support/ui-runs-api.js';

const skip = noBrowserReason();
const dir = mkdtempSync(join(tmpdir(), 'ui-ticking-'));
const waiting = pipeline(
  'ui-ticking',
  { wait: { script: `i=0; while [ ! -f ${dir}/go ] && [ $i -lt 900 ]; do sleep 0.1; i=$((i+1)); done` } },
  { tasks: { wait: task('wait') } },
);

/** The text of `cell` now, then (within 5 s) a different one: it counts up while the run runs. */
async function expectTicking(cell: Locator): Promise<void> {
  await expect.poll(() => cell.textContent(), { timeout: 20_000 }).toMatch(/\d/);
  const first = await cell.textContent();
  await expect.poll(() => cell.textContent(), { timeout: 5_000, interval: 200 }).not.toBe(first);
}

describe.skipIf(skip !== undefined)(
  `durations of running things count up, in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let runId: string;

    beforeAll(async () => {
      server = await startTestServer();
      runId = await createSpecRun(server, 'ticking run', waiting);
      browser = await openBrowser();
    }, 60_000);
    afterAll(async () => {
      writeFileSync(join(dir, 'go'), '');
      await browser?.close();
      await server?.close();
    });

    it('in the runs list, a running run’s Duration', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs`);
      const row = page.getByRole('row').filter({ hasText: 'ticking run' });
      await row.getByText('Running').waitFor({ timeout: 20_000 });
      await expectTicking(row.getByRole('cell').nth(3));
    });

    it('in the task panel, the running task’s Duration and its attempt’s', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs/details/${runId}`);
      await page.getByRole('group', { name: 'task wait, Running' }).click();
      const panel = page.getByRole('complementary', { name: 'Task wait' });
      await expectTicking(panel.getByRole('definition').filter({ hasText: /\d+(\.\d)? s$|min/ }));
      const attempt = panel.getByRole('table', { name: 'Attempts' }).getByRole('row').nth(1);
      await expectTicking(attempt.getByRole('cell').nth(4));
    });
  },
);
