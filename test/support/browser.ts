import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATHS, QUIET_FLAGS } from './chromium-flags.mjs';
import { isolateChromium } from './isolated-chromium.js';

/** Why browser tests cannot run here, or undefined when they can. */
export function noBrowserReason(): string | undefined {
  if (CHROMIUM_PATHS.some((path) => existsSync(path))) return undefined;
  return 'no chromium at /usr/bin/chromium (the test setup installs the Debian package chromium with apt; it failed or apt is missing)';
}

/** A browser page opened on a Skiff server, with every request it made recorded. */
export interface TestBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every URL the page (and its workers and frames) requested, in order. */
  readonly requests: string[];
  /** Responses: URL, status and body text (for JSON and text answers), to look for leaks. */
  readonly responses: { readonly url: string; readonly status: number; readonly body: string }[];
  /** Console errors and uncaught exceptions of the page. */
  readonly pageErrors: string[];
  /** URLs that do not start with `origin`. */
  foreignRequests(origin: string): string[];
  close(): Promise<void>;
}

/**
 * Launch headless Debian chromium with the quiet flags, in a network namespace of its own when
 * this machine allows it (reaching only 127.0.0.1, through a proxy), and open one page (1400×900).
 */
export async function openBrowser(options: { readonly captureBodies?: boolean } = {}): Promise<TestBrowser> {
  const executablePath = CHROMIUM_PATHS.find((path) => existsSync(path));
  if (executablePath === undefined) throw new Error(noBrowserReason());
  const isolated = await isolateChromium(executablePath);
  const browser = await chromium
    .launch({
      executablePath: isolated?.executablePath ?? executablePath,
      headless: true,
      args: [...QUIET_FLAGS],
      timeout: 60_000,
    })
    .catch(async (error: unknown) => {
      await isolated?.close();
      throw error;
    });
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    serviceWorkers: 'block',
  });
  const requests: string[] = [];
  const responses: TestBrowser['responses'] = [];
  const pageErrors: string[] = [];
  context.on('request', (request) => {
    requests.push(request.url());
  });
  if (options.captureBodies) {
    context.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (!/json|text\/(plain|event-stream|html|csv)|yaml/.test(type)) return;
      void response
        .text()
        .then((body) => responses.push({ url: response.url(), status: response.status(), body }))
        .catch(() => responses.push({ url: response.url(), status: response.status(), body: '' }));
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  return {
    browser,
    context,
    page,
    requests,
    responses,
    pageErrors,
    foreignRequests: (origin) =>
      requests.filter(
        (url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
      ),
    close: async () => {
      await browser.close();
      await isolated?.close();
    },
  };
}
