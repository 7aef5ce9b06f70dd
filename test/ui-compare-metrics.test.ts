import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunArtifact } from '../ui/src/api/skiff-types.js';
import { runtimeReady } from './launcher-fixture.js';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { artifactPage, artifactsByName, runToEnd } from './support/ui-artifact-runs.js';
import { metricsSpec } from './support/ui-metrics-spec.js';

/** Polls wait up to 20 s (vitest's default is 1 s; the machine may be loaded). */
const SLOW = { timeout: 20_000 };
const skip = noBrowserReason() ?? (runtimeReady ? undefined : 'the bundled KFP Python runtime is missing');

describe.skipIf(skip !== undefined)(
  `web UI: metrics views and compare runs, on real KFP Python runs${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let page: Page;
    const runs: { id: string; artifacts: Record<string, RunArtifact> }[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      const [low, high, opened] = await Promise.all([
        runToEnd(server, 'lr-low', metricsSpec, { lr: 0.1 }),
        runToEnd(server, 'lr-high', metricsSpec, { lr: 0.3 }),
        openBrowser(),
      ]);
      browser = opened;
      page = browser.page;
      for (const run of [low, high]) {
        expect(run.state, JSON.stringify(run.error)).toBe('SUCCEEDED');
        runs.push({ id: run.runId, artifacts: await artifactsByName(server, run.runId) });
      }
    }, 150_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const open = async (name: string) => {
      const artifact = runs[0]!.artifacts[name]!;
      await page.goto(`${server.url}/${artifactPage(artifact)}`);
      await page.getByRole('heading', { level: 1, name }).waitFor();
    };

    it('shows scalar metrics as a table', async () => {
      await open('metrics');
      const table = page.getByRole('table', { name: 'Scalar metrics' });
      await table.waitFor();
      expect(await table.getByRole('row', { name: /accuracy/ }).textContent()).toBe('accuracy0.6');
      expect(await table.getByRole('row', { name: /epochs/ }).textContent()).toBe('epochs10');
    });

    it('draws the ROC curve with one point per reading and the threshold on hover, and the confusion matrix', async () => {
      await open('roc');
      const chart = page.getByRole('figure', { name: 'ROC curve' });
      await chart.waitFor({ timeout: 20_000 });
      const symbols = chart.locator('.recharts-scatter-symbol');
      await expect.poll(() => symbols.count(), SLOW).toBe(5);
      expect(await chart.locator('path.recharts-curve').count()).toBeGreaterThanOrEqual(1);
      // The point at FPR 0.3, TPR 0.8 is the third by FPR: its threshold is 0.5.
      await symbols.nth(2).hover();
      const tooltip = page.getByRole('tooltip');
      await expect.poll(() => tooltip.textContent(), SLOW).toContain('Threshold: 0.5');
      expect(await tooltip.textContent()).toContain('FPR: 0.3');
      const matrix = page.getByRole('table', { name: 'Confusion matrix' });
      expect(await matrix.getByRole('row', { name: /^cat/ }).getByRole('cell').allTextContents()).toEqual([
        '10',
        '3',
      ]);
      expect(await matrix.getByRole('row', { name: /^dog/ }).getByRole('cell').allTextContents()).toEqual([
        '2',
        '40',
      ]);
    });

    it('shows sliced metrics one slice at a time', async () => {
      await open('sliced');
      const slice = page.getByRole('combobox', { name: 'Slice' });
      await slice.waitFor();
      const matrix = page.getByRole('table', { name: 'Confusion matrix' });
      expect(await matrix.getByRole('cell').allTextContents()).toEqual(['1', '2', '3', '4']);
      await slice.selectOption({ label: 'young' });
      await expect.poll(() => matrix.getByRole('cell').allTextContents(), SLOW).toEqual(['5', '6', '7', '8']);
    });

    it('quotes the malformed fields in a banner and draws what is valid', async () => {
      await open('broken');
      const banner = page.getByRole('status').filter({ hasText: 'Malformed metrics' });
      await banner.waitFor();
      const text = await banner.textContent();
      expect(text).toContain('confidenceMetrics[0].recall is "high"');
      expect(text).toContain('confusionMatrix.rows[1].row is [3]');
      const chart = page.getByRole('figure', { name: 'ROC curve' });
      await expect.poll(() => chart.locator('.recharts-scatter-symbol').count(), SLOW).toBe(1);
      const matrix = page.getByRole('table', { name: 'Confusion matrix' });
      expect(await matrix.getByRole('cell').allTextContents()).toEqual(['1', '2', '3', '–']);
    });

    it('compares runs: parameters and metrics side by side, only differences, CSV export, ROC overlay, matrices', async () => {
      const [low, high] = runs.map((run) => run.id);
      await page.goto(`${server.url}/#/compare?runlist=${low},${high}`);
      const parameters = page.getByRole('table', { name: 'Parameters' });
      await parameters.waitFor();
      await expect
        .poll(() => parameters.getByRole('columnheader').allTextContents(), SLOW)
        .toEqual(['Name', 'lr-low', 'lr-high']);
      const lr = parameters.getByRole('row', { name: /^lr ≠/ });
      expect(await lr.getAttribute('data-differs')).toBe('true');
      await expect.poll(() => lr.getByRole('cell').allTextContents(), SLOW).toEqual(['0.1', '0.3']);

      const metrics = page.getByRole('table', { name: 'Metrics' });
      await expect
        .poll(() => metrics.locator('tbody th').allTextContents(), SLOW)
        .toEqual(['accuracy ≠', 'epochs']);
      await page.getByLabel('Only differences').check();
      await expect.poll(() => metrics.locator('tbody th').allTextContents(), SLOW).toEqual(['accuracy ≠']);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('compare-metrics-2-runs.csv');
      expect(readFileSync((await download.path())!, 'utf8')).toBe(
        'metric,lr-low,lr-high\r\naccuracy,0.6,0.8\r\n',
      );

      const roc = page.getByRole('region', { name: 'ROC curves' });
      await expect.poll(() => roc.locator('.recharts-scatter-symbol').count(), SLOW).toBe(10);
      await expect
        .poll(() => roc.locator('.recharts-legend-item-text').allTextContents(), SLOW)
        .toEqual(['lr-low', 'lr-high']);
      const matrices = page.getByRole('region', { name: 'Confusion matrices' }).getByRole('table');
      // Each run's roc matrix, and its broken one (what is valid of it).
      await expect.poll(() => matrices.count(), SLOW).toBe(4);
      const cats = page
        .getByRole('region', { name: 'Confusion matrices' })
        .getByRole('row', { name: /^cat/ });
      expect(await cats.nth(0).getByRole('cell').first().textContent()).toBe('10');
      expect(await cats.nth(1).getByRole('cell').first().textContent()).toBe('30');
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    }, 120_000);
  },
);
