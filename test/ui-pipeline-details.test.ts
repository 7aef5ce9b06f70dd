import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { callJson, uploadFile } from './support/kfp-api.js';
import { startTestServer, type TestServer } from './support/server.js';

const skip = noBrowserReason();

/** prep → train (artifact) → report (parameter) → sub (dependentTasks; a sub-DAG of two tasks), and `extra` in v2. */
function spec(extra: boolean): string {
  return pipeline(
    'pipe-details',
    {
      prep: {
        inputs: { n: 'NUMBER_INTEGER', rate: 'NUMBER_DOUBLE' },
        defaults: { rate: 0.5 },
        outputArtifacts: { data: 'system.Dataset' },
        script: 'echo prep',
      },
      train: {
        inputArtifacts: { data: 'system.Dataset' },
        outputs: { Output: 'STRING' },
        script: 'echo train',
      },
      report: { inputs: { text: 'STRING' }, script: 'echo report' },
      leaf: { script: 'echo leaf' },
      sub: {
        dag: { tasks: { 'sub-a': task('leaf'), 'sub-b': task('leaf', { dependentTasks: ['sub-a'] }) } },
      },
    },
    {
      tasks: {
        prep: task('prep', { inputs: { parameters: { n: from.constant(3) } } }),
        train: task('train', { inputs: { artifacts: { data: from.artifact('prep', 'data') } } }),
        report: task('report', { inputs: { parameters: { text: from.task('train') } } }),
        sub: task('sub', { dependentTasks: ['report'] }),
        ...(extra ? { extra: task('leaf') } : {}),
      },
    },
  );
}

const poll = <T>(probe: () => T | Promise<T>, timeoutMs = 20_000) =>
  expect.poll(probe, { timeout: timeoutMs, interval: 100 });

describe.skipIf(skip !== undefined)(
  `pipeline details page in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let pipelineId: string;
    let firstVersion: string;
    let secondVersion: string;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
      const created = await uploadFile(
        server,
        '/apis/v2beta1/pipelines/upload?name=pipe-details',
        spec(false),
      );
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      pipelineId = String(created.json.pipeline_id);
      const versions = await callJson(server, 'GET', `/apis/v2beta1/pipelines/${pipelineId}/versions`);
      firstVersion = String(
        (versions.json.pipeline_versions as { pipeline_version_id: string }[])[0]?.pipeline_version_id,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await uploadFile(
        server,
        `/apis/v2beta1/pipelines/upload_version?pipelineid=${pipelineId}&name=v2`,
        spec(true),
      );
      expect(second.status, JSON.stringify(second.json)).toBe(200);
      secondVersion = String(second.json.pipeline_version_id);
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const node = (id: string) => browser.page.locator(`[data-testid="dag-node"][data-node-id="${id}"]`);
    const dag = () => browser.page.getByTestId('dag');

    it('opens on the newest version, and draws one node per task of a chosen version with its edges', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/pipelines/details/${pipelineId}`);
      await poll(() => dag().getAttribute('data-node-count')).toBe('5');
      await page.goto(`${server.url}/#/pipelines/details/${pipelineId}/version/${firstVersion}`);
      await poll(() => dag().getAttribute('data-node-count')).toBe('4');
      await poll(() => page.locator('[data-testid="dag-node"]').count()).toBe(4);
      await poll(() => page.locator('.react-flow__edge').count()).toBe(3);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('pipe-details');
      const create = page.getByRole('link', { name: 'Create run' });
      expect(await create.getAttribute('href')).toBe(
        `#/runs/new?pipelineId=${pipelineId}&pipelineVersionId=${firstVersion}`,
      );
    });

    it('shows a node’s component inputs and outputs with their types', async () => {
      const { page } = browser;
      await node('prep').click();
      const panel = page.getByRole('complementary', { name: 'Task prep' });
      const inputs = panel.getByRole('region', { name: 'Inputs' });
      await poll(() => inputs.locator('tbody tr').allTextContents()).toEqual([
        'nNUMBER_INTEGER–',
        'rateNUMBER_DOUBLE (optional)0.5',
      ]);
      expect(await panel.getByRole('region', { name: 'Outputs' }).textContent()).toContain(
        'datasystem.Dataset',
      );
      await panel.getByRole('button', { name: 'Close the task panel' }).click();
    });

    it('drills into a sub-DAG and back', async () => {
      const { page } = browser;
      await node('sub').dblclick();
      await poll(() => dag().getAttribute('data-node-count')).toBe('2');
      await poll(() => node('sub.sub-b').count()).toBe(1);
      await page
        .getByRole('navigation', { name: 'Graph levels' })
        .getByRole('button', { name: 'Pipeline' })
        .click();
      await poll(() => dag().getAttribute('data-node-count')).toBe('4');
    });

    it('shows the spec as highlighted YAML, and switches versions', async () => {
      const { page } = browser;
      await page.getByRole('tab', { name: 'YAML' }).click();
      const yaml = page.getByRole('region', { name: 'Pipeline spec (YAML)' });
      await poll(() => yaml.locator('.yaml-key', { hasText: 'pipelineInfo' }).count()).toBe(1);
      expect(await yaml.textContent()).toContain('parameterType: NUMBER_INTEGER');
      await page.getByRole('tab', { name: 'Graph' }).click();
      await page.getByLabel('Version').selectOption(secondVersion);
      await page.waitForURL(new RegExp(`/version/${secondVersion}$`));
      await poll(() => dag().getAttribute('data-node-count')).toBe('5');
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    });
  },
);
