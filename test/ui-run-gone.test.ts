import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { startTestServer, type TestServer } from './support/server.js';
import { allFinished, createSpecRun } from './support/ui-runs-api.js';

const skip = noBrowserReason();
const dir = mkdtempSync(join(tmpdir(), 'ui-run-gone-'));
const quick = pipeline('ui-gone-quick', { say: { script: 'echo hi' } }, { tasks: { say: task('say') } });
const waiting = pipeline(
  'ui-gone-waiting',
  { wait: { script: `i=0; while [ ! -f ${dir}/go ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done` } },
  { tasks: { wait: task('wait') } },
);

const poll = <T>(probe: () => T | Promise<T>) => expect.poll(probe, { timeout: 20_000, interval: 100 });

describe.skipIf(skip !== undefined)(
  `a run archived or deleted while its page is open, in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;

    const header = () => browser.page.getByRole('main');
    const gone = () => browser.page.getByRole('alert').filter({ hasText: 'This run was deleted' });
    const expectGone = async () => {
      await poll(() => gone().count()).toBe(1);
      const back = gone().getByRole('link', { name: 'Back to the runs list' });
      expect(await back.getAttribute('href')).toBe('#/runs');
      for (const name of ['Retry', 'Terminate', 'Archive', 'Restore', 'Delete'])
        expect(await header().getByRole('button', { name, exact: true }).count()).toBe(0);
    };

    beforeAll(async () => {
      server = await startTestServer();
      browser = await openBrowser();
    }, 60_000);
    afterAll(async () => {
      writeFileSync(join(dir, 'go'), '');
      await browser?.close();
      await server?.close();
    });

    it('offers Restore once the run is archived elsewhere, Archive once restored, and says so when it is deleted', async () => {
      const { page } = browser;
      const runId = await createSpecRun(server, 'finished run', quick);
      await allFinished(server);
      await page.goto(`${server.url}/#/runs/details/${runId}`);
      await header().getByRole('button', { name: 'Archive' }).waitFor();

      expect((await callJson(server, 'POST', `/apis/v2beta1/runs/${runId}:archive`)).status).toBe(200);
      await poll(() => header().getByRole('button', { name: 'Restore' }).count()).toBe(1);
      expect((await callJson(server, 'POST', `/apis/v2beta1/runs/${runId}:unarchive`)).status).toBe(200);
      await poll(() => header().getByRole('button', { name: 'Archive' }).count()).toBe(1);

      expect((await callJson(server, 'DELETE', `/apis/v2beta1/runs/${runId}`)).status).toBe(200);
      await expectGone();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('finished run');
    });

    it('says a running run was deleted while its page was open', async () => {
      const { page } = browser;
      const runId = await createSpecRun(server, 'running run', waiting);
      await page.goto(`${server.url}/#/runs/details/${runId}`);
      await page.getByRole('group', { name: 'task wait, Running' }).waitFor();
      await header().getByRole('button', { name: 'Terminate' }).waitFor();
      expect((await callJson(server, 'DELETE', `/apis/v2beta1/runs/${runId}`)).status).toBe(200);
      await expectGone();
      expect(await page.getByText('Live updates stopped').count()).toBe(0);
    });

    it('says so for a run that was deleted before its page was opened', async () => {
      const { page } = browser;
      const runId = await createSpecRun(server, 'gone before', quick);
      await allFinished(server);
      expect((await callJson(server, 'DELETE', `/apis/v2beta1/runs/${runId}`)).status).toBe(200);
      await page.goto(`${server.url}/#/runs/details/${runId}`);
      await expectGone();
    });
  },
);
