import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunArtifact } from '../ui/src/api/skiff-types.js';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { createBuckets, type S3TestServer, startCephRgw } from './support/s3-servers.js';
import { startTestServer, type TestServer } from './support/server.js';
import { artifactPage, artifactsByName, runToEnd } from './support/ui-artifact-runs.js';
import { previewSpec } from './support/ui-preview-spec.js';

// KFP's UI fails artifact previews on a custom S3 endpoint (it reads its own MINIO_* settings, not
// the ones the run used). Skiff's UI reads through the server, with the configuration the engine
// wrote with: here a real Ceph RADOS Gateway on loopback.

/** Polls wait up to 20 s (vitest's default is 1 s; the machine may be loaded). */
const SLOW = { timeout: 20_000 };
const browserSkip = noBrowserReason();

describe.skipIf(browserSkip !== undefined)(
  `web UI: artifact previews of a run stored on Ceph RGW (custom S3 endpoint)${browserSkip ? ` (skipped: ${browserSkip})` : ''}`,
  () => {
    let ceph: S3TestServer | undefined;
    let cephSkip = '';
    let server: TestServer | undefined;
    let browser: TestBrowser | undefined;
    let page: Page;
    let artifacts: Record<string, RunArtifact>;

    beforeAll(async () => {
      const started = await startCephRgw();
      if (!started.server) {
        cephSkip = started.reason;
        return;
      }
      ceph = started.server;
      await createBuckets(ceph, ['mlpipeline']);
      server = await startTestServer({
        SKIFF_PIPELINE_ROOT: 'minio://mlpipeline/v2',
        MINIO_HOST: '127.0.0.1',
        MINIO_PORT: String(ceph.port),
        MINIO_SSL: 'false',
        MINIO_ACCESS_KEY: ceph.accessKeyId,
        MINIO_SECRET_KEY: ceph.secretAccessKey,
      });
      const [run, opened] = await Promise.all([
        runToEnd(server, 'previews-on-ceph', previewSpec()),
        openBrowser(),
      ]);
      browser = opened;
      page = browser.page;
      expect(run.state, JSON.stringify(run.error)).toBe('SUCCEEDED');
      artifacts = await artifactsByName(server, run.runId);
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await ceph?.stop();
    }, 120_000);

    it('previews a CSV, an image, a directory and a large text read from the S3 store', async (context) => {
      if (server === undefined || browser === undefined) {
        context.skip(cephSkip);
        return;
      }
      expect(artifacts.table?.uri).toMatch(/^minio:\/\/mlpipeline\/v2\//);
      const ranges: (string | undefined)[] = [];
      page.on('request', (request) => {
        if (request.url().includes(`/artifacts/${artifacts.biglog?.artifact_id}`))
          ranges.push(request.headers().range);
      });
      await page.goto(`${server.url}/${artifactPage(artifacts.table!)}`);
      const table = page.getByRole('table', { name: 'Table preview' });
      await expect
        .poll(() => table.getByRole('row').nth(1).getByRole('cell').allTextContents(), SLOW)
        .toEqual(['1', 'item-1', '2']);

      await page.goto(`${server.url}/${artifactPage(artifacts.plot!)}`);
      const image = page.getByRole('img', { name: 'plot' });
      await expect
        .poll(() => image.evaluate((element) => (element as { naturalWidth: number }).naturalWidth), SLOW)
        .toBeGreaterThan(0);

      await page.goto(`${server.url}/${artifactPage(artifacts.files!)}`);
      const files = page.getByRole('table', { name: 'Files' });
      await expect
        .poll(() => files.locator('tbody td.mono').allTextContents(), SLOW)
        .toEqual(['readme.txt', 'sub/data.csv']);
      await page.getByRole('button', { name: 'Preview readme.txt' }).click();
      await expect
        .poll(
          () =>
            page
              .getByRole('region', { name: 'Preview of readme.txt' })
              .getByTestId('text-preview')
              .textContent(),
          SLOW,
        )
        .toBe('hello\n');

      await page.goto(`${server.url}/${artifactPage(artifacts.biglog!)}`);
      await page.getByRole('note').filter({ hasText: 'Truncated' }).waitFor();
      expect(ranges).toEqual(['bytes=0-262143']);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    }, 90_000);

    it("shows the storage the run used, each value with its source (the UI server's MINIO_* variables)", async (context) => {
      if (server === undefined || browser === undefined || ceph === undefined) {
        context.skip(cephSkip);
        return;
      }
      await page.goto(`${server.url}/#/runs/details/${encodeURIComponent(artifacts.table!.run_id)}`);
      await page.getByRole('tab', { name: 'Run info' }).click();
      const storage = page.getByRole('region', { name: 'Storage' });
      const row = (name: string) => storage.getByRole('row').filter({ hasText: name });
      await expect.poll(() => row('Pipeline root').textContent(), SLOW).toContain('minio://mlpipeline/v2');
      expect(await row('Pipeline root').textContent()).toContain('SKIFF_PIPELINE_ROOT');
      expect(await row('Endpoint').textContent()).toContain(`127.0.0.1:${ceph.port}`);
      expect(await row('Endpoint').textContent()).toContain('MINIO_HOST');
      const credentials = (await row('Credentials').textContent()) ?? '';
      expect(credentials).toContain('MINIO_ACCESS_KEY');
      expect(credentials).not.toContain(ceph.secretAccessKey);
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).not.toContain(ceph.secretAccessKey);
      expect(browser.pageErrors).toEqual([]);
    }, 60_000);
  },
);
