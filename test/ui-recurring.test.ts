import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';
import { uploadPipeline } from './support/ui-runs-api.js';

const skip = noBrowserReason();
const HOUR_MS = 3_600_000;

describe.skipIf(skip !== undefined)(
  `web UI recurring runs in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let ids: { pipelineId: string; versionId: string };
    let hourlyId: string;
    const status = () => browser.page.getByTestId('recurring-status').textContent();
    const fireTimes = () =>
      browser.page
        .getByRole('region', { name: 'Next fire times' })
        .locator('time')
        .evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute('datetime') ?? '')));

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
      ids = await uploadPipeline(
        server,
        'tick',
        pipeline('tick', { t: { script: 'true' } }, { tasks: { t: task('t') } }),
      );
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('creates a recurring run with a cron and shows its next five fire times, as the scheduler computes them', async () => {
      const { page } = browser;
      await page.goto(
        `${server.url}/#/runs/new?pipelineId=${ids.pipelineId}&pipelineVersionId=${ids.versionId}`,
      );
      await expect
        .poll(() => page.getByLabel('Version').inputValue(), { timeout: 20_000 })
        .toBe(ids.versionId);
      await page.getByLabel('Run name').fill('half past');
      await page.getByRole('radio', { name: 'Recurring' }).check();
      await page.getByLabel('Cron expression').fill('0 30 * * * *');
      await page.getByLabel('Max concurrency').fill('2');
      await page.getByRole('button', { name: 'Create recurring run' }).click();
      await page.waitForURL(/#\/recurringrun\/details\/[\w-]+$/, { timeout: 20_000 });
      hourlyId = new URL(page.url()).hash.split('/').at(-1)!;
      await expect.poll(() => status(), { timeout: 20_000 }).toBe('Enabled');
      const times = await fireTimes();
      expect(times).toHaveLength(5);
      for (const [i, time] of times.entries()) {
        expect(new Date(time).getUTCMinutes()).toBe(30);
        expect(new Date(time).getUTCSeconds()).toBe(0);
        if (i > 0) expect(time - times[i - 1]!).toBe(HOUR_MS);
      }
      const stored = await callJson(server, 'GET', `/apis/v2beta1/recurringruns/${hourlyId}`);
      expect(Date.parse(String(stored.json.skiff_next_scheduled_at))).toBe(times[0]);
      expect(stored.json).toMatchObject({
        max_concurrency: '2',
        no_catchup: false,
        trigger: { cron_schedule: { cron: '0 30 * * * *' } },
      });
      expect(await page.getByText('cron 0 30 * * * * (UTC)').count()).toBe(1);
    });

    it('disables and enables it', async () => {
      const { page } = browser;
      await page.getByRole('button', { name: 'Disable' }).click();
      await expect.poll(() => status()).toBe('Disabled');
      expect(await fireTimes()).toEqual([]);
      expect((await callJson(server, 'GET', `/apis/v2beta1/recurringruns/${hourlyId}`)).json.status).toBe(
        'DISABLED',
      );
      await page.getByRole('button', { name: 'Enable' }).click();
      await expect.poll(() => status()).toBe('Enabled');
      expect(await fireTimes()).toHaveLength(5);
    });

    it('lists recurring runs and shows the runs one made', async () => {
      const { page } = browser;
      const created = await callJson(server, 'POST', '/apis/v2beta1/recurringruns', {
        display_name: 'every two seconds',
        pipeline_version_reference: { pipeline_id: ids.pipelineId, pipeline_version_id: ids.versionId },
        trigger: { periodic_schedule: { interval_second: '2' } },
        max_concurrency: '1',
        mode: 'ENABLE',
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      const fastId = String(created.json.recurring_run_id);
      const filter = encodeURIComponent(
        JSON.stringify({
          predicates: [{ key: 'recurring_run_id', operation: 'EQUALS', string_value: fastId }],
        }),
      );
      await waitFor(
        'two runs of the recurring run',
        async () => {
          const runs = await callJson(server, 'GET', `/apis/v2beta1/runs?filter=${filter}`);
          return ((runs.json.runs as unknown[] | undefined)?.length ?? 0) >= 2 ? true : undefined;
        },
        30_000,
      );
      await callJson(server, 'POST', `/apis/v2beta1/recurringruns/${fastId}:disable`);
      const madeCount = async () =>
        ((await callJson(server, 'GET', `/apis/v2beta1/runs?filter=${filter}`)).json.runs as unknown[])
          .length;

      await page.goto(`${server.url}/#/recurringruns`);
      const row = (name: string) =>
        page.getByRole('region', { name: 'Recurring runs' }).locator('tbody tr').filter({ hasText: name });
      await expect.poll(() => row('every two seconds').count(), { timeout: 20_000 }).toBe(1);
      expect(await row('every two seconds').textContent()).toContain('every 2.0 s');
      expect(await row('every two seconds').getByRole('checkbox').isChecked()).toBe(false);
      expect(await row('half past').getByRole('checkbox').isChecked()).toBe(true);
      expect(await row('half past').getByRole('link', { name: 'tick' }).count()).toBe(1);

      await row('every two seconds').getByRole('link', { name: 'every two seconds' }).click();
      await page.waitForURL(new RegExp(`#/recurringrun/details/${fastId}$`));
      const runs = page.getByRole('region', { name: 'Runs' }).locator('tbody tr');
      await expect.poll(() => runs.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      // A trigger that fired while it was being disabled may add one: the page says so; reload to count it.
      await page.reload();
      await expect
        .poll(async () => (await runs.count()) === (await madeCount()), { timeout: 20_000 })
        .toBe(true);
      expect(
        await runs.first().getByRole('link', { name: 'every two seconds', exact: true }).getAttribute('href'),
      ).toBe(`#/recurringrun/details/${fastId}`);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    });
  },
);
