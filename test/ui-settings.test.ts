import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';

const skip = noBrowserReason();
const TOKEN = 'ui-settings-token-0123456789abcdef';
const SECRET = 'settings-secret-access-key-XYZ987';
const ACCESS_KEY = 'AKIASETTINGSKEY99999';
/** Line 2 sets engine.maxParallelTasks; line 9 the provider's endpoint. */
const CONFIG = [
  'engine:',
  '  maxParallelTasks: 3',
  'storage:',
  '  providers:',
  '    - scheme: s3',
  '      bucket: settings-bucket',
  '      region: us-east-1',
  '      forcePathStyle: true',
  '      endpoint: http://127.0.0.1:9',
  '      credentials:',
  `        accessKeyId: ${ACCESS_KEY}`,
  `        secretAccessKey: ${SECRET}`,
  '',
].join('\n');

/** A kfp-launcher ConfigMap as `kubectl get configmap kfp-launcher -o yaml` prints it: a MinIO provider. */
const CONFIG_MAP = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: kfp-launcher}',
  'data:',
  '  providers: |',
  '    minio:',
  '      default:',
  '        endpoint: 127.0.0.1:9',
  '        disableSSL: true',
  '        region: minio',
  '        credentials:',
  '          fromEnv: true',
  '',
].join('\n');

describe('settings: configuration with sources, storage, doctor, cloud probe', () => {
  let server: TestServer;
  let browser: TestBrowser | undefined;
  let configFile: string;
  let configMapFile: string;
  const get = (path: string) => server.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    configFile = join(mkdtempSync(join(tmpdir(), 'skiff-ui-settings-')), 'skiff.yaml');
    writeFileSync(configFile, CONFIG);
    configMapFile = join(dirname(configFile), 'kfp-launcher.yaml');
    writeFileSync(configMapFile, CONFIG_MAP);
    server = await startTestServer({
      SKIFF_CONFIG: configFile,
      SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP: configMapFile,
      SKIFF_ENGINE_CACHE: 'false',
      SKIFF_SERVER_AUTH_TOKEN: TOKEN,
    });
    if (skip === undefined) {
      browser = await openBrowser({ captureBodies: true });
      // The token the UI would have asked for once (kept in local storage).
      await browser.context.addInitScript((token) => {
        const storage = (
          globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }
        ).localStorage;
        storage.setItem('skiff.authToken', token);
      }, TOKEN);
    }
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers the file and line of values from the config file, and no text of the file', async () => {
    expect((await server.request('/apis/skiff/v1/config/locations')).status).toBe(401);
    const response = await get('/apis/skiff/v1/config/locations');
    expect(response.status).toBe(200);
    const body = await response.text();
    const { locations } = JSON.parse(body) as { locations: Record<string, { file: string; line: number }> };
    expect(locations[`file:${configFile}#engine.maxParallelTasks`]).toEqual({ file: configFile, line: 2 });
    expect(locations[`file:${configFile}#storage.providers[0].endpoint`]).toEqual({
      file: configFile,
      line: 9,
    });
    expect(locations[`file:${configFile}#storage.providers[0].credentials`]?.line).toBe(10);
    expect(Object.keys(locations).some((key) => key.includes('engine.cache'))).toBe(false); // from the environment
    for (const path of [
      '/apis/skiff/v1/config/locations',
      '/apis/skiff/v1/config',
      '/apis/skiff/v1/doctor',
    ]) {
      const text = await (await get(path)).text();
      expect(text, path).not.toContain(SECRET);
      expect(text, path).not.toContain(ACCESS_KEY);
      expect(text, path).not.toContain(TOKEN);
    }
  }, 30_000);

  describe.skipIf(skip !== undefined)(`in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
    it('shows each value with its source: an environment variable, a file and line; secrets masked', async () => {
      const { page } = browser!;
      await page.goto(`${server.url}/#/settings`);
      const table = page.getByRole('table', { name: 'Configuration values' });
      const cache = table.locator('tr[data-key="engine.cache"]');
      await expect.poll(() => cache.textContent(), { timeout: 20_000 }).toContain('environment variable');
      expect(await cache.textContent()).toContain('SKIFF_ENGINE_CACHE');
      expect(await cache.textContent()).toContain('false');
      const parallel = table.locator('tr[data-key="engine.maxParallelTasks"]');
      await expect.poll(() => parallel.textContent()).toContain(`${configFile}:2`);
      expect(await parallel.textContent()).toContain('config file');
      const token = table.locator('tr[data-key="server.authToken"]');
      expect(await token.textContent()).toContain('****');
      expect(await token.getByText('masked').count()).toBe(1);
      const provider = page.getByRole('table', { name: 'Provider s3://settings-bucket' });
      const credentials = provider.getByRole('row').filter({ hasText: 'credentials' });
      expect(await credentials.textContent()).toContain('****');
      expect(await credentials.getByText('masked').count()).toBe(1);
      expect(await provider.getByRole('row').filter({ hasText: 'endpoint' }).textContent()).toContain(
        `${configFile}:9`,
      );
      await page.getByRole('searchbox', { name: 'Filter settings' }).fill('maxparallel');
      await expect.poll(() => table.locator('tbody tr[data-key]').count()).toBe(1);
      expect(await page.getByTestId('server-version').textContent()).toBe('skiff-0.1.0');
      await expect.poll(() => page.getByTestId('cloud-state').textContent()).toContain('off');
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(ACCESS_KEY);
      for (const response of browser!.responses) {
        expect(response.body, response.url).not.toContain(SECRET);
        expect(response.body, response.url).not.toContain(ACCESS_KEY);
        expect(response.body, response.url).not.toContain(TOKEN);
      }
    }, 60_000);

    it('shows a provider read from a kfp-launcher ConfigMap with the ConfigMap as its source', async () => {
      const { page } = browser!;
      await page.goto(`${server.url}/#/settings`);
      await page.reload(); // the page before left a filter typed in
      const provider = page.getByRole('table', { name: /^Provider minio:/ });
      const endpoint = provider.getByRole('row').filter({ hasText: 'endpoint' });
      await expect
        .poll(() => endpoint.textContent(), { timeout: 20_000 })
        .toContain('kfp-launcher ConfigMap');
      expect(await endpoint.textContent()).toContain('127.0.0.1:9');
      expect(await endpoint.textContent()).toContain(configMapFile);
      const source = page.getByRole('table', { name: 'Configuration values' });
      const named = source.locator('tr[data-key="storage.kfpLauncherConfigMap"]');
      expect(await named.textContent()).toContain('SKIFF_STORAGE_KFP_LAUNCHER_CONFIG_MAP');
    }, 60_000);

    it('shows the doctor report and runs the checks again on request', async () => {
      const { page } = browser!;
      const doctorCalls = () =>
        browser!.requests.filter((url) => url.endsWith('/apis/skiff/v1/doctor')).length;
      const checks = page.getByRole('table', { name: 'Doctor checks' });
      await expect.poll(() => checks.textContent(), { timeout: 30_000 }).toContain('metadata');
      const tcp = checks.getByRole('row').filter({ hasText: 'storage tcp' });
      expect(await tcp.textContent()).toContain('failed');
      expect(await tcp.textContent()).toContain('SKIFF_STORAGE_UNREACHABLE');
      const before = doctorCalls();
      const firstTime = await page.getByTestId('doctor-time').textContent();
      await page.waitForTimeout(1_100); // the time shown has a resolution of one second
      await page.getByRole('button', { name: 'Run checks again' }).click();
      await expect.poll(doctorCalls).toBe(before + 1);
      await expect
        .poll(() => page.getByRole('button', { name: 'Run checks again' }).isEnabled(), { timeout: 30_000 })
        .toBe(true);
      expect(await page.getByTestId('doctor-time').textContent()).not.toBe(firstTime);
      expect(browser!.foreignRequests(server.url)).toEqual([]);
      expect(browser!.pageErrors).toEqual([]);
    }, 60_000);
  });
});
