import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeReady } from './launcher-fixture.js';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { kfpPython, pipeline, task } from './support/ir-builder.js';
import { startTestServer, type TestServer } from './support/server.js';
import { allFinished, createSpecRun } from './support/ui-runs-api.js';

const skip =
  noBrowserReason() ?? (runtimeReady ? undefined : 'no bundled Python runtime for the metrics runs');

const shell = (name: string, script: string) =>
  pipeline(name, { step: { script } }, { tasks: { step: task('step') } });
/** One task that logs two scalar metrics with KFP's Metrics.log_metric. */
const metrics = pipeline(
  'metrics-list',
  {
    train: {
      inputs: { acc: 'NUMBER_DOUBLE' },
      outputArtifacts: { metrics: 'system.Metrics' },
      ...kfpPython(
        'train',
        "def train(acc: float, metrics: Output[Metrics]):\n    metrics.log_metric('accuracy', acc)\n    metrics.log_metric('loss', round(1 - acc, 3))\n",
      ),
    },
  },
  {
    inputs: { acc: 'NUMBER_DOUBLE' },
    tasks: { train: task('train', { inputs: { parameters: { acc: { componentInputParameter: 'acc' } } } }) },
  },
);

describe.skipIf(skip !== undefined)(
  `web UI runs list in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    const listRequests = () => browser.requests.filter((url) => url.includes('/apis/skiff/v1/runs?'));
    const rows = () => browser.page.getByRole('region', { name: 'Runs' }).locator('tbody tr');
    const row = (name: string) =>
      rows().filter({ has: browser.page.getByRole('link', { name, exact: true }) });

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
      for (let i = 1; i <= 10; i++)
        await createSpecRun(server, `quick ${String(i).padStart(2, '0')}`, shell('quick', 'true'));
      await createSpecRun(server, 'broken', shell('broken', 'exit 3'));
      await createSpecRun(server, 'metrics high', metrics, { runtime_config: { parameters: { acc: 0.75 } } });
      await createSpecRun(server, 'metrics low', metrics, { runtime_config: { parameters: { acc: 0.5 } } });
      const states = await allFinished(server);
      expect(states.get('broken')).toBe('FAILED');
      expect(states.get('metrics high')).toBe('SUCCEEDED');
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows every run of a page from one request, with names, states, pipelines and metric columns', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs`);
      await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(13);
      expect(listRequests()).toHaveLength(1);
      // No request per row: nothing else of the API but the one page and the events stream.
      const api = browser.requests.filter((url) => url.includes('/apis/'));
      expect(
        api.filter((url) => !url.includes('/apis/skiff/v1/runs?') && !url.includes('/events/runs')),
      ).toEqual([]);
      const headers = await page.getByRole('region', { name: 'Runs' }).locator('thead th').allTextContents();
      expect(headers).toEqual(
        expect.arrayContaining(['accuracy', 'loss', 'Pipeline (version)', 'Experiment']),
      );
      expect(await row('metrics high').locator('[data-metric="accuracy"]').textContent()).toBe('0.75');
      expect(await row('metrics low').locator('[data-metric="loss"]').textContent()).toBe('0.5');
      expect(await row('quick 01').locator('[data-metric="accuracy"]').textContent()).toBe('–');
      expect(await row('broken').locator('[data-state]').getAttribute('data-state')).toBe('FAILED');
      expect(await row('quick 01').getByText('Succeeded').count()).toBe(1);
      expect(await row('quick 01').getByRole('link', { name: 'quick 01' }).getAttribute('href')).toMatch(
        /^#\/runs\/details\/[\w-]+$/,
      );
      expect(await row('quick 01').textContent()).toContain('quick');
    });

    it('filters by state and pages on the server, one request per page', async () => {
      const { page } = browser;
      await page.getByLabel('State').selectOption('FAILED');
      await expect.poll(() => rows().count()).toBe(1);
      expect(await rows().first().textContent()).toContain('broken');
      await page.getByLabel('State').selectOption('');
      await page.getByLabel('Rows').selectOption('10');
      await expect.poll(() => rows().count()).toBe(10);
      const before = listRequests().length;
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => rows().count()).toBe(3);
      expect(listRequests().length).toBe(before + 1);
      expect(listRequests().at(-1)).toContain('page_token=');
      await expect
        .poll(() => page.getByRole('navigation', { name: 'Pages' }).textContent())
        .toContain('Page 2 · 13 runs');
      await page.getByRole('button', { name: 'Previous page' }).click();
      await expect.poll(() => rows().count()).toBe(10);
      await page.getByLabel('Rows').selectOption('20');
      await expect.poll(() => rows().count()).toBe(13);
    });

    it("changes a run's state without reloading the page", async () => {
      const { page } = browser;
      await createSpecRun(server, 'sleeper', shell('sleeper', 'sleep 3'));
      // A new run is announced, not inserted; showing it reloads the page once.
      await page.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
      await expect.poll(() => row('sleeper').count(), { timeout: 20_000 }).toBe(1);
      const requests = listRequests().length;
      const state = () => row('sleeper').locator('[data-state]').getAttribute('data-state');
      await expect.poll(state, { timeout: 20_000 }).toBe('RUNNING');
      await expect.poll(state, { timeout: 30_000 }).toBe('SUCCEEDED');
      expect(await row('sleeper').locator('td.num').first().textContent()).toMatch(/\d(\.\d)? s$/);
      expect(listRequests().length).toBe(requests);
    });

    it('archives a run into the archived view and restores it', async () => {
      const { page } = browser;
      await page.getByLabel('Select quick 03').check();
      await page.getByRole('button', { name: 'Archive' }).click();
      await expect.poll(() => row('quick 03').count()).toBe(0);
      await page.getByRole('link', { name: 'Archived' }).click();
      await page.waitForURL(/#\/archive\/runs$/);
      const archived = () => page.getByRole('region', { name: 'Archived runs' }).locator('tbody tr');
      await expect.poll(() => archived().count()).toBe(1);
      expect(await archived().first().textContent()).toContain('quick 03');
      await page.getByLabel('Select quick 03').check();
      await page.getByRole('button', { name: 'Restore' }).click();
      await expect.poll(() => archived().count()).toBe(0);
      await page.getByRole('link', { name: 'Active' }).click();
      await expect.poll(() => row('quick 03').count()).toBe(1);
    });

    it('compares the selected runs', async () => {
      const { page } = browser;
      const ids: (string | null)[] = [];
      for (const name of ['metrics high', 'metrics low']) {
        await page.getByLabel(`Select ${name}`).check();
        ids.push(await row(name).getAttribute('data-run-id'));
      }
      await page.getByRole('button', { name: 'Compare (2)' }).click();
      await page.waitForURL(/#\/compare\?runlist=/);
      const runlist = /runlist=([^&]+)/.exec(new URL(page.url()).hash)?.[1] ?? '';
      expect(runlist.split(',').sort()).toEqual([...ids].sort());
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    });
  },
);
