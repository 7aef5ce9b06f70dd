import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';

const TOKEN = 'ui-shell-test-token-0123456789';
const skip = noBrowserReason();

describe('web UI: served by skiff server at /', () => {
  let server: TestServer;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    server = await startTestServer({ SKIFF_SERVER_AUTH_TOKEN: TOKEN });
    if (skip === undefined) browser = await openBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the page and its files without a token, with a policy that allows only this origin', async () => {
    const page = await server.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    const html = await page.text();
    const scripts = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const asset of scripts) {
      const response = await server.request(`/${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
      if (asset.endsWith('.js')) expect(response.headers.get('content-encoding')).toBe('gzip');
    }
  });

  it('keeps the API closed without the token, and answers unknown paths with a coded 404', async () => {
    expect((await server.request('/apis/v2beta1/runs')).status).toBe(401);
    expect((await server.request('/apis/skiff/v1/config')).status).toBe(401);
    const authorized = { headers: { authorization: `Bearer ${TOKEN}` } };
    const missing = await server.request('/assets/no-such-file.js', authorized);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(await missing.json())).toContain('SKIFF_API_NOT_FOUND');
    const dotfile = await server.request('/assets/../../package.json', authorized);
    expect(dotfile.status).toBe(404);
  });

  describe.skipIf(skip !== undefined)(`in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
    it('opens on the runs list, routes by hash and says when no page exists, loading nothing from elsewhere', async () => {
      const { page } = browser!;
      await page.goto(`${server.url}/`);
      await page.waitForURL(/#\/runs$/);
      // The runs list is asked for at once, and the API is closed: the token prompt comes up.
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Token').fill(TOKEN);
      await dialog.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
      // The refused first request is the only console error so far.
      expect(browser!.pageErrors.splice(0).filter((error) => !/status of 401/.test(error))).toEqual([]);
      await page.goto(`${server.url}/#/no/such/page`);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('SKIFF_UI_NO_PAGE');
      expect(await page.getByRole('alert').textContent()).toContain('#/no/such/page');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
      await page.waitForURL(/#\/pipelines$/);
      expect(browser!.foreignRequests(server.url)).toEqual([]);
      expect(browser!.pageErrors).toEqual([]);
    });
  });
});
