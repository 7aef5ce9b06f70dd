import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer, type TestServer } from './support/server.js';

const TOKEN = 'ui-auth-test-token-5c1e0a9d';
const PIPELINE = 'auth-private-pipeline';
const skip = noBrowserReason();

/** The paths anyone may read: the UI's static files (and `/healthz`, which names no data). */
const isStatic = (path: string) =>
  path === '/' ||
  path === '/index.html' ||
  path.startsWith('/assets/') ||
  path === '/healthz' ||
  path.startsWith('/favicon');

describe.skipIf(skip !== undefined)(
  `web UI authentication with server.authToken in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    /**
     * Every answer the browser got: path, status, body (undefined when the page was gone before it
     * could be read), and when it came before the token was given.
     */
    const answers: { path: string; status: number; body: string | undefined; beforeToken: boolean }[] = [];
    let tokenGiven = false;

    const prompt = () => browser.page.getByRole('dialog', { name: 'This server needs a token' });
    const table = () => browser.page.getByRole('table', { name: 'Pipelines' });

    beforeAll(async () => {
      server = await startTestServer({ SKIFF_SERVER_AUTH_TOKEN: TOKEN });
      const form = new FormData();
      const spec = pipeline(PIPELINE, { hi: { script: 'echo hi' } }, { tasks: { hi: task('hi') } });
      form.append('uploadfile', new Blob([spec]), 'auth.yaml');
      const uploaded = await server.request(`/apis/v2beta1/pipelines/upload?name=${PIPELINE}`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(uploaded.status).toBe(200);
      browser = await openBrowser();
      browser.context.on('response', (response) => {
        const beforeToken = !tokenGiven;
        void response
          .text()
          .catch(() => undefined)
          .then((body) =>
            answers.push({
              path: new URL(response.url()).pathname,
              status: response.status(),
              body,
              beforeToken,
            }),
          );
      });
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows nothing but static files before the token: every API answer is 401', async () => {
      const { page } = browser;
      for (const hash of [
        '#/pipelines',
        '#/runs',
        '#/experiments',
        '#/settings',
        '#/pipelines?upload=pipeline',
      ]) {
        await page.goto('about:blank');
        await page.goto(`${server.url}/${hash}`);
        if (hash === '#/pipelines') await prompt().waitFor();
      }
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/pipelines`);
      await prompt().waitFor();
      await expect
        .poll(() => answers.filter((answer) => answer.path.startsWith('/apis/')).length)
        .toBeGreaterThan(0);
      const api = answers.filter((answer) => !isStatic(answer.path));
      expect(api.length).toBeGreaterThan(0);
      expect(api.filter((answer) => answer.status !== 401)).toEqual([]);
      // The page asks for the runs list as it opens: navigating on at once can leave that body unread.
      const read = api.filter((answer) => answer.body !== undefined);
      expect(read.length).toBeGreaterThan(0);
      expect(read.every((answer) => answer.body!.includes('SKIFF_API_UNAUTHENTICATED'))).toBe(true);
      expect(answers.some((answer) => answer.body?.includes(PIPELINE))).toBe(false);
      expect(await table().count()).toBe(0);
    });

    it('keeps the prompt with the error for a wrong token', async () => {
      const dialog = prompt();
      await dialog.getByLabel('Token').fill('not-the-token');
      await dialog.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('SKIFF_API_UNAUTHENTICATED');
      expect(await dialog.isVisible()).toBe(true);
      expect(await browser.page.evaluate("localStorage.getItem('skiff.authToken')")).toBeNull();
    });

    it('takes the right token, reloads the page’s data and remembers it across a reload', async () => {
      const { page } = browser;
      const dialog = prompt();
      tokenGiven = true;
      await dialog.getByLabel('Token').fill(TOKEN);
      await dialog.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => table().textContent()).toContain(PIPELINE);
      expect(await prompt().count()).toBe(0);
      expect(await page.evaluate("localStorage.getItem('skiff.authToken')")).toBe(TOKEN);

      const before = answers.length;
      await page.reload();
      await expect.poll(() => table().textContent()).toContain(PIPELINE);
      expect(await prompt().count()).toBe(0);
      const after = answers.slice(before).filter((answer) => answer.path.startsWith('/apis/'));
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((answer) => answer.status === 401)).toEqual([]);
      // The token itself never comes back in an answer.
      expect(answers.filter((answer) => answer.body?.includes(TOKEN)).map((answer) => answer.path)).toEqual(
        [],
      );
    });

    it('forgets the token on request, and asks again', async () => {
      const { page } = browser;
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: 'Forget token' })
        .click();
      await prompt().waitFor();
      expect(await page.evaluate("localStorage.getItem('skiff.authToken')")).toBeNull();
      expect(await table().count()).toBe(0);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      expect(browser.pageErrors.filter((text) => !text.includes('Failed to load resource'))).toEqual([]);
    });
  },
);
