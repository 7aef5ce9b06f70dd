import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { startTestServer, type TestServer } from './support/server.js';
import { allFinished, createSpecRun } from './support/ui-runs-api.js';

const skip = noBrowserReason();
const shell = (script: string) =>
  pipeline('exp-step', { step: { script } }, { tasks: { step: task('step') } });

describe.skipIf(skip !== undefined)(
  `web UI experiments in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let tuningId: string;
    const experimentRow = (name: string) =>
      browser.page.locator('tbody tr').filter({ has: browser.page.getByRole('link', { name, exact: true }) });

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
      const make = async (name: string, description: string) =>
        String(
          (await callJson(server, 'POST', '/apis/v2beta1/experiments', { display_name: name, description }))
            .json.experiment_id,
        );
      tuningId = await make('tuning', 'learning-rate sweep');
      const quietId = await make('quiet', 'no runs yet');
      expect(quietId).not.toBe(tuningId);
      // Six runs: the last five shown are, newest first: fail, ok 5, ok 4, ok 3, ok 2.
      for (let i = 1; i <= 5; i++)
        await createSpecRun(server, `ok ${i}`, shell('true'), { experiment_id: tuningId });
      await createSpecRun(server, 'fail', shell('exit 1'), { experiment_id: tuningId });
      await allFinished(server);
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("lists experiments with their last five runs' states from one request for the whole page", async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/experiments`);
      const dots = experimentRow('tuning').getByRole('list', { name: 'Last 5 runs' }).getByRole('link');
      await expect.poll(() => dots.count(), { timeout: 20_000 }).toBe(5);
      expect(await dots.evaluateAll((links) => links.map((a) => a.getAttribute('data-state')))).toEqual([
        'FAILED',
        'SUCCEEDED',
        'SUCCEEDED',
        'SUCCEEDED',
        'SUCCEEDED',
      ]);
      expect(await dots.first().textContent()).toBe('fail: Failed');
      expect(await experimentRow('tuning').textContent()).toContain('learning-rate sweep');
      expect(await experimentRow('quiet').textContent()).toContain('No runs');
      const recent = browser.requests.filter((url) => url.includes('/apis/skiff/v1/experiments/recent-runs'));
      expect(recent).toHaveLength(1);
      expect(browser.requests.filter((url) => url.includes('/apis/skiff/v1/runs?'))).toEqual([]);
    });

    it('opens an experiment with its runs and recurring runs', async () => {
      const { page } = browser;
      await experimentRow('tuning').getByRole('link', { name: 'tuning' }).click();
      await page.waitForURL(new RegExp(`#/experiments/details/${tuningId}$`));
      await expect
        .poll(() => page.getByRole('heading', { name: 'tuning' }).count(), { timeout: 20_000 })
        .toBe(1);
      const rows = page.getByRole('region', { name: 'Runs' }).locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(6);
      expect(browser.requests.filter((url) => url.includes('/apis/skiff/v1/runs?')).at(-1)).toContain(
        `experiment_id=${tuningId}`,
      );
      await page.getByRole('tab', { name: 'Recurring runs' }).click();
      await expect.poll(() => page.getByText('No recurring runs.').count(), { timeout: 20_000 }).toBe(1);
    });

    it('archives an experiment (with its runs) and restores it', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/experiments`);
      await page.getByRole('button', { name: 'Archive tuning' }).click({ timeout: 20_000 });
      await expect.poll(() => experimentRow('tuning').count()).toBe(0);
      await page.getByRole('link', { name: 'Archived' }).click();
      await page.waitForURL(/#\/archive\/experiments$/);
      await expect.poll(() => experimentRow('tuning').count(), { timeout: 20_000 }).toBe(1);
      const runs = await callJson(server, 'GET', `/apis/v2beta1/runs?experiment_id=${tuningId}`);
      expect(
        (runs.json.runs as { storage_state: string }[]).every((run) => run.storage_state === 'ARCHIVED'),
      ).toBe(true);
      await page.getByRole('button', { name: 'Restore tuning' }).click();
      await expect.poll(() => experimentRow('tuning').count()).toBe(0);
      await page.getByRole('link', { name: 'Active' }).click();
      await expect.poll(() => experimentRow('tuning').count(), { timeout: 20_000 }).toBe(1);
    });

    it('creates an experiment from the dialog and opens it', async () => {
      const { page } = browser;
      await page.getByRole('button', { name: 'Create experiment' }).click();
      const dialog = page.getByRole('dialog', { name: 'New experiment' });
      await dialog.getByLabel('Name').fill('fresh');
      await dialog.getByLabel('Description').fill('made in the browser');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/#\/experiments\/details\/[\w-]+$/);
      await expect
        .poll(() => page.getByRole('heading', { name: 'fresh' }).count(), { timeout: 20_000 })
        .toBe(1);
      expect(await page.getByText('made in the browser').count()).toBe(1);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    });
  },
);
