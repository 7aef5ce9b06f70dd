import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, uploadFile } from './support/kfp-api.js';
import { startTestServer, type TestServer } from './support/server.js';

const skip = noBrowserReason();
const spec = (name: string) => pipeline(name, { hi: { script: 'echo hi' } }, { tasks: { hi: task('hi') } });
/** A spec whose task names a component that does not exist (SKIFF_IR_UNKNOWN_COMPONENT). */
const misspelt = spec('misspelt').replace(
  '"componentRef":{"name":"comp-hi"}',
  '"componentRef":{"name":"comp-hj"}',
);

describe.skipIf(skip !== undefined)(
  `web UI pipelines list and upload in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    const ids: Record<string, string> = {};

    const rows = () => browser.page.getByRole('table', { name: 'Pipelines' }).locator('tbody tr');
    const firstNames = async () =>
      (await rows().locator('td:first-child').allTextContents()).map((text) => text.trim());
    const open = async (hash: string) => {
      // A fresh page each time: going to the same address again would keep the old form's state.
      await browser.page.goto('about:blank');
      await browser.page.goto(`${server.url}/${hash}`);
      await browser.page.getByRole('heading', { name: 'Pipelines' }).waitFor();
    };

    beforeAll(async () => {
      server = await startTestServer();
      for (const name of ['alpha-train', 'beta-eval', 'gamma-train']) {
        const answer = await uploadFile(server, `/apis/v2beta1/pipelines/upload?name=${name}`, spec(name));
        expect(answer.status, JSON.stringify(answer.json)).toBe(200);
        ids[name] = String(answer.json.pipeline_id);
      }
      const second = await uploadFile(
        server,
        `/apis/v2beta1/pipelines/upload_version?pipelineid=${ids['alpha-train']}&name=alpha-v2`,
        spec('alpha-train'),
      );
      expect(second.status).toBe(200);
      // 22 empty pipelines, older than none of the above matters: names sort after the three.
      for (let i = 0; i < 22; i++) {
        const made = await callJson(server, 'POST', '/apis/v2beta1/pipelines', {
          name: `zz-filler-${String(i).padStart(2, '0')}`,
          description: `filler number ${i}`,
        });
        expect(made.status).toBe(200);
      }
      browser = await openBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('lists pipelines with description, latest version and created time, and pages on the server', async () => {
      const { page } = browser;
      await open('#/pipelines?sort=name');
      await expect
        .poll(firstNames)
        .toEqual(expect.arrayContaining(['alpha-train', 'beta-eval', 'gamma-train']));
      expect(await rows().count()).toBe(20);
      const nav = page.getByRole('navigation', { name: 'Pages' });
      await expect.poll(() => nav.textContent()).toContain('1–20 of 25');
      const alpha = rows().filter({ hasText: 'alpha-train' });
      expect(await alpha.getByRole('link', { name: 'alpha-train' }).getAttribute('href')).toBe(
        `#/pipelines/details/${ids['alpha-train']}`,
      );
      await expect.poll(() => alpha.textContent()).toContain('alpha-v2 (2 versions)');
      expect(await alpha.getByRole('link', { name: 'alpha-v2' }).getAttribute('href')).toMatch(
        new RegExp(`^#/pipelines/details/${ids['alpha-train']}/version/[\\w-]+$`),
      );
      expect(await alpha.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
      expect(await rows().filter({ hasText: 'zz-filler-00' }).textContent()).toContain('filler number 0');
      expect(await rows().filter({ hasText: 'zz-filler-00' }).textContent()).toContain('no version');

      await nav.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => nav.textContent()).toContain('21–25 of 25');
      expect(await firstNames()).toEqual([
        'zz-filler-17',
        'zz-filler-18',
        'zz-filler-19',
        'zz-filler-20',
        'zz-filler-21',
      ]);
      expect(await nav.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await nav.getByRole('button', { name: 'Previous page' }).click();
      await expect.poll(() => nav.textContent()).toContain('1–20 of 25');
      // The server paged: each page was one request with page_size, the second with a page token.
      const listCalls = browser.requests.filter((url) => url.includes('/apis/v2beta1/pipelines?'));
      expect(listCalls.some((url) => url.includes('page_token='))).toBe(true);
      expect(listCalls.every((url) => url.includes('page_size=20'))).toBe(true);
    });

    it('filters by name and sorts, keeping both in the address', async () => {
      const { page } = browser;
      await open('#/pipelines');
      await page.getByRole('searchbox', { name: 'Filter by name' }).fill('train');
      await expect.poll(firstNames).toEqual(['gamma-train', 'alpha-train']);
      expect(page.url()).toContain('name=train');
      await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Name A–Z' });
      await expect.poll(firstNames).toEqual(['alpha-train', 'gamma-train']);
      await page.getByRole('searchbox', { name: 'Filter by name' }).fill('no-such-name');
      await expect.poll(() => page.getByText('No pipeline name contains this text.').count()).toBe(1);
      const filtered = browser.requests.filter((url) => url.includes('IS_SUBSTRING'));
      expect(filtered.length).toBeGreaterThan(0);
    });

    it('shows why an upload was refused, with code, place and fix, keeping the chosen file', async () => {
      const { page } = browser;
      await open('#/pipelines');
      await page.getByRole('button', { name: 'Upload pipeline' }).click();
      const form = page.getByRole('region', { name: 'Upload a pipeline' });
      await form.getByLabel('Pipeline file').setInputFiles({
        name: 'broken.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from('pipelineInfo:\n  name: [unclosed\nroot: {}\n'),
      });
      await form.getByRole('button', { name: 'Upload' }).click();
      const refused = form.getByRole('alert', { name: 'Upload refused' });
      await expect.poll(() => refused.textContent()).toContain('SKIFF_IR_');
      expect(await refused.textContent()).toContain('Where: broken.yaml, line 3');
      expect(await refused.textContent()).toContain('Fix:');
      expect(await form.textContent()).toContain('Chosen: broken.yaml');

      await form.getByLabel('Pipeline file').setInputFiles({
        name: 'misspelt.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(misspelt),
      });
      await form.getByRole('button', { name: 'Upload' }).click();
      await expect.poll(() => refused.textContent()).toContain('SKIFF_IR_UNKNOWN_COMPONENT');
      expect(await refused.textContent()).toContain('comp-hj');

      await form.getByLabel('Pipeline file').setInputFiles({
        name: 'taken.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(spec('taken')),
      });
      await form.getByLabel('Pipeline name').fill('beta-eval');
      await form.getByRole('button', { name: 'Upload' }).click();
      await expect.poll(() => refused.textContent()).toContain('SKIFF_API_CONFLICT');
      expect(await refused.textContent()).toContain('beta-eval');
      expect(page.url()).toMatch(/#\/pipelines\?upload=pipeline$/);
    });

    it('uploads a dropped file as a new pipeline and opens its details', async () => {
      const { page } = browser;
      await open('#/pipelines?upload=pipeline');
      const form = page.getByRole('region', { name: 'Upload a pipeline' });
      const dropped = await page.evaluateHandle((text) => {
        // biome-ignore lint/suspicious/noExplicitAny: runs in the page, where DataTransfer exists.
        const data = new (globalThis as any).DataTransfer();
        data.items.add(new File([text], 'dropped.yaml', { type: 'application/yaml' }));
        return data;
      }, spec('dropped'));
      await form.locator('fieldset.pipelines-drop').dispatchEvent('drop', { dataTransfer: dropped });
      await expect.poll(() => form.textContent()).toContain('Chosen: dropped.yaml');
      await form.getByLabel('Description').fill('came by drag and drop');
      await form.getByRole('button', { name: 'Upload' }).click();
      await page.waitForURL(/#\/pipelines\/details\/[\w-]+$/);
      const id = decodeURIComponent(page.url().split('/').at(-1) ?? '');
      const stored = await callJson(server, 'GET', `/apis/v2beta1/pipelines/${id}`);
      expect(stored.json).toMatchObject({ name: 'dropped', description: 'came by drag and drop' });
    });

    it('uploads a file as a new version of a chosen pipeline and opens that version', async () => {
      const { page } = browser;
      await open('#/pipelines');
      await page.getByRole('button', { name: 'Upload pipeline' }).click();
      const form = page.getByRole('region', { name: 'Upload a pipeline' });
      await form.getByLabel('New version of a pipeline').check();
      await form.getByRole('searchbox', { name: 'Find a pipeline' }).fill('gamma');
      await expect
        .poll(() => form.getByRole('combobox', { name: 'Pipeline' }).textContent())
        .toContain('gamma-train');
      await form.getByRole('combobox', { name: 'Pipeline' }).selectOption({ label: 'gamma-train' });
      await form.getByLabel('Pipeline file').setInputFiles({
        name: 'gamma.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(spec('gamma-train')),
      });
      await form.getByLabel('Version name').fill('gamma-v2');
      await form.getByRole('button', { name: 'Upload' }).click();
      await page.waitForURL(new RegExp(`#/pipelines/details/${ids['gamma-train']}/version/[\\w-]+$`));
      const versions = await callJson(
        server,
        'GET',
        `/apis/v2beta1/pipelines/${ids['gamma-train']}/versions`,
      );
      expect((versions.json.pipeline_versions as { name: string }[]).map((v) => v.name)).toContain(
        'gamma-v2',
      );
    });

    it('deletes a pipeline with its versions after confirming', async () => {
      const { page } = browser;
      await open('#/pipelines?name=alpha');
      await expect.poll(firstNames).toEqual(['alpha-train']);
      await rows().getByRole('button', { name: 'Delete alpha-train' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete pipeline alpha-train?' });
      await expect.poll(() => dialog.textContent()).toContain('Its 2 versions will be deleted with it.');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => page.getByText('No pipeline name contains this text.').count()).toBe(1);
      expect(await dialog.count()).toBe(0);
      expect((await callJson(server, 'GET', `/apis/v2beta1/pipelines/${ids['alpha-train']}`)).status).toBe(
        404,
      );
    });

    it('loaded nothing from another origin and threw nothing', () => {
      expect(browser.foreignRequests(server.url)).toEqual([]);
      // Refused uploads are logged by Chromium as failed loads; anything else is a defect.
      expect(browser.pageErrors.filter((text) => !text.includes('Failed to load resource'))).toEqual([]);
    });
  },
);
