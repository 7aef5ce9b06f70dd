import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer, type TestServer } from './support/server.js';
import { allFinished, createSpecRun } from './support/ui-runs-api.js';

const skip = noBrowserReason();
const quick = pipeline('ui-narrow', { say: { script: 'echo hi' } }, { tasks: { say: task('say') } });
/** A run name without spaces, as long as the API allows. */
const LONG_NAME = `run-${'x'.repeat(250)}`;

describe.skipIf(skip !== undefined)(
  `the app in a narrow window (375 px, a phone), in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let runId: string;

    beforeAll(async () => {
      server = await startTestServer();
      runId = await createSpecRun(server, LONG_NAME, quick);
      await allFinished(server);
      browser = await openBrowser();
      await browser.page.setViewportSize({ width: 375, height: 800 });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const pageWidth = () => browser.page.evaluate('document.documentElement.scrollWidth') as Promise<number>;

    it('puts the navigation above the page, so the page has the whole width', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const nav = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
      const main = (await page.getByRole('main').boundingBox())!;
      // Before, the 200 px side navigation left the page 175 px.
      expect(main.x).toBe(0);
      expect(main.width).toBeGreaterThanOrEqual(374);
      expect(nav.y + nav.height).toBeLessThanOrEqual(main.y + 1);
      expect(await page.getByRole('link', { name: 'Settings' }).isVisible()).toBe(true);
      expect(await pageWidth()).toBeLessThanOrEqual(375);
    });

    it('wraps a long run name without spaces instead of widening the page', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs/details/${runId}`);
      const title = page.getByRole('heading', { level: 1 });
      await title.waitFor();
      expect(await title.textContent()).toBe(LONG_NAME);
      const box = (await title.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      expect(await pageWidth()).toBeLessThanOrEqual(375);
    });
  },
);
