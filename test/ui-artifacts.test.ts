import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunArtifact } from '../ui/src/api/skiff-types.js';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { artifactPage, artifactsByName, runToEnd } from './support/ui-artifact-runs.js';
import { previewSpec } from './support/ui-preview-spec.js';

/** Polls wait up to 20 s (vitest's default is 1 s; the machine may be loaded). */
const SLOW = { timeout: 20_000 };
const skip = noBrowserReason();

describe.skipIf(skip !== undefined)(
  `web UI: artifact previews of a real run${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let page: Page;
    let artifacts: Record<string, RunArtifact>;
    /** Artifact content requests the page made: URL and Range header. */
    const contentRequests: { url: string; range: string | undefined }[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      const [run, opened] = await Promise.all([runToEnd(server, 'previews', previewSpec()), openBrowser()]);
      browser = opened;
      page = browser.page;
      page.on('request', (request) => {
        if (request.url().includes('/apis/skiff/v1/artifacts/'))
          contentRequests.push({ url: request.url(), range: request.headers().range });
      });
      expect(run.state, JSON.stringify(run.error)).toBe('SUCCEEDED');
      artifacts = await artifactsByName(server, run.runId);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const open = async (name: string) => {
      const artifact = artifacts[name];
      expect(artifact, name).toBeDefined();
      await page.goto(`${server.url}/${artifactPage(artifact!)}`);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      return artifact!;
    };

    it('shows the identity and lineage of an artifact on its page', async () => {
      const table = await open('table');
      const identity = page.locator('dl.artifact-identity');
      await expect.poll(() => identity.textContent(), SLOW).toContain(table.uri);
      expect(await identity.textContent()).toContain('system.Dataset');
      expect(await identity.textContent()).toContain('make → table');
      expect(await page.getByRole('region', { name: 'Lineage' }).textContent()).toContain(
        'make (output table)',
      );
    });

    it("opens an artifact's page by its id alone (KFP's address), and says when there is no such artifact", async () => {
      const table = artifacts.table!;
      await page.goto(`${server.url}/#/artifacts/details/${encodeURIComponent(table.artifact_id)}`);
      await page.getByRole('heading', { level: 1, name: 'table' }).waitFor();
      const lineage = page.getByRole('region', { name: 'Lineage' });
      await expect.poll(() => lineage.textContent(), SLOW).toContain('make (output table)');
      expect(await lineage.textContent()).toContain(table.run_id);
      await expect.poll(() => page.locator('dl.artifact-identity').textContent(), SLOW).toContain(table.uri);
      expect(browser.pageErrors).toEqual([]);
      await page.goto(`${server.url}/#/artifacts/details/no-such-artifact`);
      const banner = page.getByRole('alert');
      await expect.poll(() => banner.textContent(), SLOW).toContain('SKIFF_API_NOT_FOUND');
      expect(await banner.textContent()).toContain('no artifact has id "no-such-artifact"');
      const answer = await server.request('/apis/skiff/v1/artifacts/no-such-artifact/info');
      expect(answer.status).toBe(404);
      expect(JSON.stringify(await answer.json())).toContain('GET /apis/skiff/v1/runs/{run_id}/artifacts');
      // The 404 the page was answered is the only console error.
      expect(browser.pageErrors.splice(0).filter((error) => !/status of 404/.test(error))).toEqual([]);
    });

    it('shows a CSV as a paged table', async () => {
      await open('table');
      const table = page.getByRole('table', { name: 'Table preview' });
      await table.waitFor();
      expect(await table.getByRole('columnheader').allTextContents()).toEqual(['id', 'name', 'score']);
      expect(await table.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
        '1',
        'item-1',
        '2',
      ]);
      expect(await page.getByText('Rows 1–20 of 45').count()).toBe(1);
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect
        .poll(() => table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent(), SLOW)
        .toBe('item-21');
      expect(await page.getByText('Rows 21–40 of 45').count()).toBe(1);
    });

    it('renders Markdown without its raw HTML', async () => {
      await open('notes');
      const heading = page
        .locator('.artifact-markdown')
        .getByRole('heading', { level: 1, name: 'Quarterly report' });
      await heading.waitFor();
      expect(await page.locator('.artifact-markdown strong').textContent()).toBe('bold');
      expect(await page.locator('.artifact-markdown b.raw').count()).toBe(0);
    });

    it('shows HTML in a frame sandboxed with allow-scripts only, where its script runs in an opaque origin', async () => {
      await open('page');
      const frame = page.locator('iframe[title^="HTML artifact"]');
      await frame.waitFor();
      expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');
      const out = page.frameLocator('iframe[title^="HTML artifact"]').locator('#out');
      await expect.poll(() => out.textContent(), SLOW).toBe('script ran in null');
    });

    it('shows an image (sniffed from its bytes) at its natural size', async () => {
      await open('plot');
      const image = page.getByRole('img', { name: 'plot' });
      await image.waitFor();
      await expect
        .poll(() => image.evaluate((element) => (element as { naturalWidth: number }).naturalWidth), SLOW)
        .toBeGreaterThan(0);
    });

    it('lists a directory and previews a file inside it', async () => {
      await open('files');
      const files = page.getByRole('table', { name: 'Files' });
      await files.waitFor();
      await expect
        .poll(() => files.locator('tbody td.mono').allTextContents(), SLOW)
        .toEqual(['readme.txt', 'sub/data.csv']);
      await page.getByRole('button', { name: 'Preview sub/data.csv' }).click();
      const nested = page.getByRole('region', { name: 'Preview of sub/data.csv' });
      await expect.poll(() => nested.getByRole('cell').allTextContents(), SLOW).toEqual(['1', '2']);
      expect(contentRequests.some((r) => r.url.includes('path=sub%2Fdata.csv'))).toBe(true);
    });

    it('pretty-prints JSON', async () => {
      await open('config');
      const text = page.getByTestId('text-preview');
      await expect.poll(() => text.textContent(), SLOW).toContain('"b": [\n    1,\n    2\n  ]');
    });

    it('reads a bounded range of a large text, says it is truncated, and reads more on "View all"', async () => {
      contentRequests.splice(0);
      const big = await open('biglog');
      const notice = page.getByRole('note').filter({ hasText: 'Truncated' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('of 2.2 MiB');
      expect(await page.getByText('First 200 of').count()).toBe(1);
      const mine = () => contentRequests.filter((r) => r.url.includes(big.artifact_id));
      expect(mine().map((r) => r.range)).toEqual(['bytes=0-262143']);
      expect(await page.getByTestId('text-preview').textContent()).toMatch(/^line 1\n[\s\S]*\nline 200$/);
      await notice.getByRole('button', { name: 'View all' }).click();
      await expect
        .poll(() => mine().map((r) => r.range), SLOW)
        .toEqual(['bytes=0-262143', 'bytes=0-16777215']);
      await expect.poll(() => page.getByTestId('text-preview').textContent(), SLOW).toContain('line 200000');
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    });
  },
);
