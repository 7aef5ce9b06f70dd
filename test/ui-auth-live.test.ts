import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

const TOKEN = 'ui-auth-live-token-7f3b2c11';
const skip = noBrowserReason();
const spec = pipeline('auth-live', { hello: { script: 'echo hello' } }, { tasks: { hello: task('hello') } });

const poll = <T>(probe: () => T | Promise<T>) => expect.poll(probe, { timeout: 20_000, interval: 100 });

describe.skipIf(skip !== undefined)(
  `live updates start once the token is given in the prompt, in Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let runId: string;

    const api = async (method: string, path: string, body?: unknown) => {
      const response = await server.request(path, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const createRun = async (name: string) =>
      String(
        (await api('POST', '/apis/v2beta1/runs', { display_name: name, pipeline_spec: JSON.parse(spec) }))
          .run_id,
      );
    const prompt = () => browser.page.getByRole('dialog', { name: 'This server needs a token' });
    /**
     * Open `hash` with no token saved, wait until its stream `streamPath` was refused, give the
     * token, and wait until the stream is open with it.
     */
    const openWithoutTokenThenGiveIt = async (hash: string, streamPath: string) => {
      const { page } = browser;
      await page.goto(`${server.url}/`);
      await page.evaluate('localStorage.clear()');
      const refused = page.waitForResponse(
        (response) => new URL(response.url()).pathname === streamPath && response.status() === 401,
      );
      await page.goto('about:blank');
      await page.goto(`${server.url}/${hash}`);
      await refused;
      const opened = page.waitForResponse(
        (response) => new URL(response.url()).pathname === streamPath && response.status() === 200,
      );
      await prompt().getByLabel('Token').fill(TOKEN);
      await prompt().getByRole('button', { name: 'Use token' }).click();
      await poll(() => prompt().count()).toBe(0);
      await opened;
    };

    beforeAll(async () => {
      server = await startTestServer({ SKIFF_SERVER_AUTH_TOKEN: TOKEN });
      runId = await createRun('first run');
      await waitFor(
        'the first run to end',
        async () =>
          (await api('GET', `/apis/v2beta1/runs/${runId}`)).state === 'SUCCEEDED' ? true : undefined,
        60_000,
      );
      browser = await openBrowser();
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('draws the run’s graph from its event stream after the token is given on its details page', async () => {
      const { page } = browser;
      await openWithoutTokenThenGiveIt(`#/runs/details/${runId}`, `/apis/skiff/v1/runs/${runId}/events`);
      await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('first run');
      await poll(() => page.getByTestId('dag-node').count()).toBe(1);
      expect(await page.getByText('Live updates stopped').count()).toBe(0);
    });

    it('follows the runs list stream after the token is given: a new run is announced', async () => {
      const { page } = browser;
      await openWithoutTokenThenGiveIt('#/runs', '/apis/skiff/v1/events/runs');
      await poll(() => page.getByRole('table').textContent()).toContain('first run');
      await createRun('second run');
      await poll(() => page.getByText('1 new run since this page loaded').count()).toBe(1);
    });
  },
);
