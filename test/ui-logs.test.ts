import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

const skip = noBrowserReason();
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);
/** Lines of the big log: `row 00000001 ` and 60 x's, 74 bytes each. */
const BIG_LINES = 280_000;
const BIG_BYTES = BIG_LINES * 74;

/** One shell task as a whole pipeline spec (JSON), with extra task fields (retryPolicy). */
function shellRun(name: string, script: string, extra: Record<string, unknown> = {}): unknown {
  return JSON.parse(pipeline(name, { [name]: { script } }, { tasks: { [name]: task(name, extra) } }));
}

describe.skipIf(skip !== undefined)(`log viewer in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const runs: Record<string, string> = {};
  const logUrl = (name: string, attempt?: number) =>
    `${server.url}/#/runs/details/${runs[name]}/logs/${name}${attempt === undefined ? '' : `?attempt=${attempt}`}`;
  const submit = async (name: string, spec: unknown) => {
    const created = await callJson(server, 'POST', '/apis/v2beta1/runs', {
      display_name: name,
      pipeline_spec: spec,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    runs[name] = String(created.json.run_id);
  };
  const finished = (name: string) =>
    waitFor(
      `run ${name} to finish`,
      async () => {
        const run = (await (await server.request(`/apis/v2beta1/runs/${runs[name]}`)).json()) as {
          state: string;
        };
        return FINAL.has(run.state) ? run.state : undefined;
      },
      90_000,
    );

  beforeAll(async () => {
    server = await startTestServer();
    browser = await openBrowser();
    const marker = join(mkdtempSync(join(tmpdir(), 'skiff-ui-logs-')), 'tried');
    await submit(
      'flaky',
      shellRun(
        'flaky',
        `if [ -f ${marker} ]; then echo "second try went well"; else touch ${marker}; echo "first try broke"; exit 3; fi`,
        { retryPolicy: { maxRetryCount: 1, backoffDuration: '0s' } },
      ),
    );
    await submit(
      'colours',
      shellRun(
        'colours',
        "printf '\\033[31mred alert\\033[0m then plain\\n\\033[1;32mgreen starts\\ngreen goes on\\033[0m back to plain\\n'; echo '<img src=x onerror=\"window.pwned=1\"> <script>window.pwned=2</script>'; " +
          'i=0; while [ $i -lt 300 ]; do echo "filler line $i"; i=$((i+1)); done; echo "the needle is here"; echo "last words"',
      ),
    );
    await submit(
      'big',
      shellRun(
        'big',
        `awk 'BEGIN { x = sprintf("%60s", ""); gsub(/ /, "x", x); for (i = 1; i <= ${BIG_LINES}; i++) printf "row %08d %s\\n", i, x }'`,
      ),
    );
    for (const name of ['flaky', 'colours', 'big']) await finished(name);
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('follows a running task: lines appear live, scrolling up stops following, Follow scrolls to the end again', async () => {
    await submit(
      'live',
      shellRun(
        'live',
        'seq 1 100 | sed "s/^/warm-up line /"; i=1; while [ $i -le 50 ]; do echo "tick $i"; i=$((i+1)); sleep 0.3; done; echo "all ticks done"',
      ),
    );
    const { page } = browser;
    await waitFor(
      'the live task to start writing',
      async () =>
        (await server.request(`/apis/skiff/v1/runs/${runs.live}/tasks/live/logs`)).ok ? true : undefined,
      30_000,
    );
    await page.goto(logUrl('live'));
    const log = page.getByRole('log');
    const follow = page.getByRole('checkbox', { name: 'Follow' });
    const atEnd = () => log.evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 2);
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toMatch(/tick \d+/);
    expect(await follow.isChecked()).toBe(true);
    expect(await log.textContent()).not.toContain('all ticks done');
    /** The number of the last tick shown. */
    const lastTick = async () => {
      const ticks = (await log.locator('.log-text').allTextContents()).filter((text) =>
        text.startsWith('tick '),
      );
      return Number(ticks.at(-1)?.slice(5) ?? 0);
    };
    const seen = await lastTick();
    await expect.poll(lastTick, { timeout: 10_000 }).toBeGreaterThan(seen);
    expect(await atEnd()).toBe(true);
    // The person scrolls up: following stops and the view stays where it is while lines arrive.
    await log.hover();
    await page.mouse.wheel(0, -600);
    await expect.poll(() => follow.isChecked()).toBe(false);
    await page.waitForTimeout(1_500);
    expect(await atEnd()).toBe(false);
    await follow.check();
    await expect.poll(atEnd).toBe(true);
    await expect.poll(() => log.textContent(), { timeout: 30_000 }).toContain('all ticks done');
    expect(await atEnd()).toBe(true);
    // The attempt ended: Follow cannot be turned on any more.
    await expect.poll(() => follow.isDisabled(), { timeout: 10_000 }).toBe(true);
  }, 90_000);

  it('shows each attempt of a retried task by ?attempt=', async () => {
    const { page } = browser;
    await page.goto(logUrl('flaky', 1));
    const log = page.getByRole('log');
    await expect.poll(() => log.textContent()).toContain('first try broke');
    expect(await log.textContent()).not.toContain('second try went well');
    await page
      .getByRole('navigation', { name: 'Attempts' })
      .getByRole('link', { name: /Attempt 2/ })
      .click();
    await page.waitForURL(/attempt=2$/);
    await expect.poll(() => page.getByRole('log').textContent()).toContain('second try went well');
    expect(await page.getByRole('log').textContent()).not.toContain('first try broke');
  });

  it('renders ANSI colours as spans, shows HTML in a log as text, and searches with highlight', async () => {
    const { page } = browser;
    await page.goto(logUrl('colours'));
    const log = page.getByRole('log');
    await expect.poll(() => log.textContent()).toContain('last words');
    // Scroll to the top (the whole log is one page): the coloured line and the HTML line.
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    const red = log.locator('span.ansi', { hasText: 'red alert' });
    await expect.poll(() => red.count()).toBe(1);
    expect(
      await red.evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).color),
    ).toMatch(/^rgb\(\d+, 0, 0\)$/);
    expect(await log.textContent()).not.toContain('\u001b');
    // A colour set on one line and reset on the next colours both, as in a terminal.
    const colourOf = (text: string) =>
      log.getByText(text).evaluate((element) => {
        const style = element.ownerDocument.defaultView!.getComputedStyle(element);
        return [style.color, style.fontWeight];
      });
    await expect.poll(() => log.getByText('green goes on').count()).toBe(1);
    expect(await colourOf('green goes on')).toEqual([expect.stringMatching(/^rgb\(0, \d+, 0\)$/), '600']);
    expect((await colourOf('back to plain'))[0]).not.toMatch(/^rgb\(0, \d+, 0\)$/);
    await expect
      .poll(() => log.textContent())
      .toContain('<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>');
    expect(await log.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await log.getByText('1', { exact: true }).count()).toBe(1); // line numbers from 1
    const row = log.locator('.log-row').first();
    expect(
      await row.evaluate(
        (element) => element.ownerDocument.defaultView!.getComputedStyle(element).whiteSpace,
      ),
    ).toBe('pre');
    await page.getByRole('checkbox', { name: 'Wrap lines' }).check();
    expect(
      await row.evaluate(
        (element) => element.ownerDocument.defaultView!.getComputedStyle(element).whiteSpace,
      ),
    ).toBe('pre-wrap');
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('NEEDLE');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: /of/ }).textContent())
      .toContain('1 of 1');
    await page.getByRole('button', { name: 'Next' }).click();
    const mark = log.locator('mark.log-match-current');
    await expect.poll(() => mark.textContent()).toBe('needle');
    expect(await log.locator('[data-line="305"]').textContent()).toContain('the needle is here');
    expect(browser.pageErrors).toEqual([]);
  });

  it('opens a 20 MB log at its end, loads the first line when scrolled to the top, fetching little; downloads it whole', async () => {
    const { page } = browser;
    let fetched = 0;
    page.on('response', (response) => {
      if (!response.url().includes('/tasks/big/logs')) return;
      fetched += Number(response.headers()['content-length'] ?? 0);
    });
    const opened = Date.now();
    await page.goto(logUrl('big'));
    const log = page.getByRole('log');
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain(`row 00${BIG_LINES}`);
    const openMs = Date.now() - opened;
    expect(openMs).toBeLessThan(15_000);
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('row 00000001 xxx');
    expect(await log.locator('[data-line="1"]').textContent()).toContain('row 00000001');
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThan(BIG_BYTES / 10);
    expect(await page.getByTestId('log-bytes').textContent()).toContain('20 MiB ·');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    const path = await download.path();
    expect(statSync(path).size).toBe(BIG_BYTES);
    expect(download.suggestedFilename()).toMatch(/big-attempt-1\.log$/);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('searches the whole 20 MB log on the server and scrolls to a match in a page it had not read', async () => {
    const { page } = browser;
    let fetched = 0;
    const searches: string[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/tasks/big/logs')) return;
      if (response.url().includes('/logs/search')) searches.push(response.url());
      else fetched += Number(response.headers()['content-length'] ?? 0);
    });
    await page.goto('about:blank'); // the page before is this log, scrolled to its top
    await page.goto(logUrl('big'));
    const log = page.getByRole('log');
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain(`row 00${BIG_LINES}`);
    // Line 140,000 lies 10 MB before the end: in no page read yet.
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('ROW 00140000 X');
    const status = page.getByRole('status').filter({ hasText: /of|match/ });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('1 of 1');
    const mark = log.locator('mark.log-match-current');
    await expect.poll(() => mark.textContent(), { timeout: 20_000 }).toBe('row 00140000 x');
    expect(searches).toHaveLength(1);
    expect(fetched).toBeLessThan(BIG_BYTES / 10);
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('no such text');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('No match');
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);
});
