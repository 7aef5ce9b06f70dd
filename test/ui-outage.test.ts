import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { type OutageServer, startOutageServer } from './support/ui-outage-server.js';

const skip = noBrowserReason();
const spec = pipeline('outage', { hello: { script: 'echo hello' } }, { tasks: { hello: task('hello') } });

const poll = <T>(probe: () => T | Promise<T>, timeoutMs = 20_000) =>
  expect.poll(probe, { timeout: timeoutMs, interval: 200 });

describe.skipIf(skip !== undefined)(
  `the web UI comes back after the server was away, in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: OutageServer;
    let browser: TestBrowser;

    const alert = (title: string) => browser.page.getByRole('alert').filter({ hasText: title });
    const heading = () => browser.page.getByRole('heading', { level: 1 });

    beforeAll(async () => {
      server = await startOutageServer();
      const created = await fetch(`${server.url}/apis/v2beta1/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ display_name: 'outage run', pipeline_spec: JSON.parse(spec) }),
      });
      expect(created.status).toBe(200);
      browser = await openBrowser();
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('loads a page whose code failed to load while the server was away: by "Try again", and by coming back to it', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs`);
      await poll(() => page.getByRole('table').textContent()).toContain('outage run');
      await server.stop();

      await page.goto(`${server.url}/#/settings`);
      await alert('This part of the page could not be shown').waitFor();
      await page.goto(`${server.url}/#/experiments`);
      await alert('This part of the page could not be shown').waitFor();
      await server.start();

      await alert('This part of the page could not be shown')
        .getByRole('button', { name: 'Try again' })
        .click();
      await poll(() => heading().textContent()).toBe('Experiments');
      await page.goto(`${server.url}/#/settings`);
      await poll(() => heading().textContent()).toBe('Settings');
      expect(await alert('This part of the page could not be shown').count()).toBe(0);
    }, 90_000);

    it('lists the runs again by itself once the server answers, after a list failed while it was away', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs`);
      const table = page.getByRole('region', { name: 'Runs' });
      await poll(() => table.getByRole('table').textContent()).toContain('outage run');
      await server.stop();

      await table.getByLabel('State').selectOption({ label: 'Succeeded' });
      await alert('Could not list the runs').waitFor({ timeout: 20_000 });
      expect(await alert('Could not list the runs').textContent()).toContain('SKIFF_UI_UNREACHABLE');
      await server.start();

      // No "Try again": the list asks again by itself (every 2 s, then less often).
      await poll(() => alert('Could not list the runs').count(), 40_000).toBe(0);
      await poll(() => table.getByRole('table').textContent()).toContain('outage run');
    }, 90_000);
  },
);
