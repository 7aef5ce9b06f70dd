import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';
import { uploadPipeline } from './support/ui-runs-api.js';

const skip = noBrowserReason();

const TYPES = {
  n: 'NUMBER_INTEGER',
  rate: 'NUMBER_DOUBLE',
  flag: 'BOOLEAN',
  label: 'STRING',
  items: 'LIST',
  config: 'STRUCT',
};
/** One task that prints its six typed parameters. */
const typed = pipeline(
  'typed-params',
  {
    show: {
      inputs: TYPES,
      command: ['sh', '-c', 'echo "$@"', 'show'],
      args: Object.keys(TYPES).map((name) => `{{$.inputs.parameters['${name}']}}`),
    },
  },
  {
    inputs: TYPES,
    defaults: { n: 3, rate: 0.5, flag: false, label: 'hi', items: [1], config: { k: 'v' } },
    tasks: {
      show: task('show', {
        inputs: {
          parameters: Object.fromEntries(
            Object.keys(TYPES).map((name) => [name, { componentInputParameter: name }]),
          ),
        },
      }),
    },
  },
);

describe.skipIf(skip !== undefined)(
  `web UI create and clone runs in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let ids: { pipelineId: string; versionId: string };
    let runId: string;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
      ids = await uploadPipeline(server, 'typed', typed);
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('prefills typed fields with the defaults and says what is wrong with a bad integer', async () => {
      const { page } = browser;
      await page.goto(
        `${server.url}/#/runs/new?pipelineId=${ids.pipelineId}&pipelineVersionId=${ids.versionId}`,
      );
      const n = page.getByLabel('n', { exact: true });
      await expect.poll(() => n.inputValue(), { timeout: 20_000 }).toBe('3');
      expect(await page.getByLabel('rate', { exact: true }).inputValue()).toBe('0.5');
      expect(await page.getByLabel('flag', { exact: true }).isChecked()).toBe(false);
      expect(await page.getByLabel('label', { exact: true }).inputValue()).toBe('hi');
      expect(JSON.parse(await page.getByLabel('items', { exact: true }).inputValue())).toEqual([1]);
      expect(JSON.parse(await page.getByLabel('config', { exact: true }).inputValue())).toEqual({ k: 'v' });
      await n.fill('seven');
      await n.blur();
      const error = page.locator('[data-param="n"]').getByRole('alert');
      await expect.poll(() => error.textContent()).toContain('is not a whole number');
      expect(await n.getAttribute('aria-invalid')).toBe('true');
      // Submitting with the error sends nothing.
      await page.getByLabel('Run name').fill('typed run');
      await page.getByRole('button', { name: 'Start run' }).click();
      expect(browser.requests.filter((url) => url.endsWith('/apis/v2beta1/runs'))).toEqual([]);
    });

    it('shows the server’s refusal with its code next to the form, keeping what was typed', async () => {
      const { page } = browser;
      const experiment = await callJson(server, 'POST', '/apis/v2beta1/experiments', {
        display_name: 'closed',
      });
      const experimentId = String(experiment.json.experiment_id);
      await callJson(server, 'POST', `/apis/v2beta1/experiments/${experimentId}:archive`);
      await page.goto(
        `${server.url}/#/runs/new?pipelineId=${ids.pipelineId}&pipelineVersionId=${ids.versionId}&experimentId=${experimentId}`,
      );
      await expect
        .poll(() => page.getByLabel('n', { exact: true }).inputValue(), { timeout: 20_000 })
        .toBe('3');
      await page.getByLabel('Run name').fill('refused run');
      await page.getByLabel('label', { exact: true }).fill('kept text');
      await page.getByRole('button', { name: 'Start run' }).click();
      const banner = page.getByRole('alert').filter({ hasText: 'SKIFF_API_PRECONDITION' });
      await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(1);
      expect(await banner.textContent()).toContain('Fix:');
      expect(await page.getByLabel('Run name').inputValue()).toBe('refused run');
      expect(await page.getByLabel('label', { exact: true }).inputValue()).toBe('kept text');
    });

    it('drops the server’s refusal of an earlier submit once the form itself finds a mistake', async () => {
      const { page } = browser;
      await page.goto(
        `${server.url}/#/runs/new?pipelineId=${ids.pipelineId}&pipelineVersionId=${ids.versionId}&recurring=1`,
      );
      await expect
        .poll(() => page.getByLabel('n', { exact: true }).inputValue(), { timeout: 20_000 })
        .toBe('3');
      await page.getByLabel('Run name').fill('stale error');
      const cron = page.getByLabel('Cron expression');
      const submit = page.getByRole('button', { name: 'Create recurring run' });
      const refusal = page.getByRole('alert').filter({ hasText: 'The server did not create the run' });
      await cron.fill('61 * * * * *');
      await submit.click();
      await refusal.waitFor();
      await cron.fill('* * *');
      await submit.click();
      await expect.poll(() => page.getByText('a cron has 6 fields').count()).toBe(1);
      expect(await refusal.count()).toBe(0);
    });

    it('creates a run with int, float, bool, string, list and struct values and opens it', async () => {
      const { page } = browser;
      await page.goto(
        `${server.url}/#/runs/new?pipelineId=${ids.pipelineId}&pipelineVersionId=${ids.versionId}`,
      );
      await expect
        .poll(() => page.getByLabel('n', { exact: true }).inputValue(), { timeout: 20_000 })
        .toBe('3');
      await page.getByLabel('Run name').fill('typed run');
      await page.getByLabel('n', { exact: true }).fill('7');
      await page.getByLabel('rate', { exact: true }).fill('2.5');
      await page.getByLabel('flag', { exact: true }).check();
      await page.getByLabel('label', { exact: true }).fill('hello world');
      await page.getByLabel('items', { exact: true }).fill('[1, "two", 3.5]');
      await page.getByLabel('config', { exact: true }).fill('{"depth": 4, "tags": ["a"]}');
      await page.getByRole('button', { name: 'Start run' }).click();
      await page.waitForURL(/#\/runs\/details\/[\w-]+$/, { timeout: 20_000 });
      runId = new URL(page.url()).hash.split('/').at(-1)!;
      const run = await waitFor(
        'the typed run to finish',
        async () => {
          const answer = await callJson(server, 'GET', `/apis/v2beta1/runs/${runId}`);
          return ['SUCCEEDED', 'FAILED'].includes(String(answer.json.state)) ? answer.json : undefined;
        },
        60_000,
      );
      expect(run.state).toBe('SUCCEEDED');
      expect((run.runtime_config as { parameters: unknown }).parameters).toEqual({
        n: 7,
        rate: 2.5,
        flag: true,
        label: 'hello world',
        items: [1, 'two', 3.5],
        config: { depth: 4, tags: ['a'] },
      });
      await page.goto(`${server.url}/#/runs`);
      const row = page
        .getByRole('region', { name: 'Runs' })
        .locator('tbody tr')
        .filter({ hasText: 'typed run' });
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('SUCCEEDED');
      expect(await row.textContent()).toContain('typed');
    });

    it('clones a run with its pipeline, name and arguments prefilled', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/runs/new?cloneFromRun=${runId}`);
      await expect
        .poll(() => page.getByLabel('Run name').inputValue(), { timeout: 20_000 })
        .toBe('Clone of typed run');
      await expect
        .poll(() => page.getByLabel('n', { exact: true }).inputValue(), { timeout: 20_000 })
        .toBe('7');
      expect(await page.getByLabel('Pipeline', { exact: true }).inputValue()).toBe(ids.pipelineId);
      expect(await page.getByLabel('Version').inputValue()).toBe(ids.versionId);
      expect(await page.getByLabel('rate', { exact: true }).inputValue()).toBe('2.5');
      expect(await page.getByLabel('flag', { exact: true }).isChecked()).toBe(true);
      expect(JSON.parse(await page.getByLabel('items', { exact: true }).inputValue())).toEqual([
        1,
        'two',
        3.5,
      ]);
      expect(JSON.parse(await page.getByLabel('config', { exact: true }).inputValue())).toEqual({
        depth: 4,
        tags: ['a'],
      });
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors.filter((e) => !e.includes('400'))).toEqual([]);
    });
  },
);
