import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noBrowserReason, openBrowser, type TestBrowser } from './support/browser.js';
import { pipeline, task } from './support/ir-builder.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';
import { hasRoute, uiRoutePatterns } from './support/ui-routes.js';

const TOKEN = 'ui-tour-token-d41d8cd98f00b204';
const S3_SECRET = 'tour-s3-secret-key-e3b0c44298fc1c14';
const skip = noBrowserReason();

/** Every page of KFP's UI that Skiff answers (issue 12), besides whatever routes.ts files add. */
const KFP_PAGES = [
  '/runs',
  '/runs/details/:run',
  '/pipelines',
  '/pipelines/details/:pipeline',
  '/pipelines/details/:pipeline/version/:version',
  '/experiments',
  '/experiments/details/:experiment',
  '/recurringruns',
  '/recurringrun/details/:recurring',
  '/compare',
  '/settings',
];

const echo = pipeline('tour', { hi: { script: 'echo tour says hi' } }, { tasks: { hi: task('hi') } });
const failing = pipeline(
  'tour-failing',
  { flaky: { script: 'echo trying; exit 3' } },
  {
    tasks: {
      flaky: task('flaky', { retryPolicy: { maxRetryCount: 1, backoffDuration: '0s', backoffFactor: 1 } }),
    },
  },
);

interface Ids {
  run: string;
  failedRun: string;
  pipeline: string;
  version: string;
  experiment: string;
  recurring: string;
}

/** `pattern` with its parameters filled with real ids (by name, then by the page's area). */
function fill(pattern: string, ids: Ids): string {
  const area = pattern.split('/')[1] ?? '';
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (/version|vid/i.test(name)) return ids.version;
    if (/task|node/i.test(name)) return 'flaky';
    if (name in ids) return ids[name as keyof Ids];
    if (area.startsWith('pipeline')) return ids.pipeline;
    if (area.startsWith('experiment')) return ids.experiment;
    if (area.startsWith('recurring')) return ids.recurring;
    return ids.failedRun;
  });
  return area === 'compare' ? `${path}?runlist=${ids.run},${ids.failedRun}` : path;
}

describe.skipIf(skip !== undefined)(
  `web UI tour: every page, only this origin, no secret in any answer (Chromium${skip ? `; skipped: ${skip}` : ''})`,
  () => {
    let server: TestServer;
    let browser: TestBrowser;
    let ids: Ids;
    const patterns = uiRoutePatterns();
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await server.request(path, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as Record<string, unknown>;
      expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
      return json;
    };

    beforeAll(async () => {
      const home = mkdtempSync(join(tmpdir(), 'skiff-ui-tour-'));
      // Storage credentials the server holds but must never hand out; cloud.metadata stays auto.
      writeFileSync(
        join(home, 'skiff.yaml'),
        [
          'storage:',
          '  providers:',
          '    - scheme: s3',
          '      bucket: tour-bucket',
          '      endpoint: 127.0.0.1:9',
          '      secure: false',
          '      region: us-east-1',
          `      credentials: { accessKeyId: TOURACCESSKEY, secretAccessKey: ${S3_SECRET} }`,
          'cloud: { metadata: auto }',
          '',
        ].join('\n'),
      );
      server = await startTestServer({ SKIFF_SERVER_AUTH_TOKEN: TOKEN }, { home });
      const experiment = await api('POST', '/apis/v2beta1/experiments', { display_name: 'tour' });
      const created = await api('POST', '/apis/v2beta1/pipelines/create', {
        pipeline: { name: 'tour' },
        pipeline_version: { name: 'tour-v1', pipeline_spec: JSON.parse(echo) },
      });
      const pipelineId = String(created.pipeline_id);
      const versions = await api('GET', `/apis/v2beta1/pipelines/${pipelineId}/versions`);
      const version = String(
        (versions.pipeline_versions as { pipeline_version_id: string }[])[0]?.pipeline_version_id,
      );
      const run = await api('POST', '/apis/v2beta1/runs', {
        display_name: 'tour-ok',
        experiment_id: experiment.experiment_id,
        pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: version },
      });
      const failedRun = await api('POST', '/apis/v2beta1/runs', {
        display_name: 'tour-failed',
        experiment_id: experiment.experiment_id,
        pipeline_spec: JSON.parse(failing),
      });
      const recurring = await api('POST', '/apis/v2beta1/recurringruns', {
        display_name: 'tour-hourly',
        experiment_id: experiment.experiment_id,
        pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: version },
        trigger: { periodic_schedule: { interval_second: 3600 } },
        mode: 'DISABLE',
      });
      ids = {
        run: String(run.run_id),
        failedRun: String(failedRun.run_id),
        pipeline: pipelineId,
        version,
        experiment: String(experiment.experiment_id),
        recurring: String(recurring.recurring_run_id),
      };
      for (const id of [ids.run, ids.failedRun]) {
        await waitFor(
          `run ${id} to finish`,
          async () => {
            const state = (await api('GET', `/apis/v2beta1/runs/${id}`)).state;
            return state === 'SUCCEEDED' || state === 'FAILED' ? state : undefined;
          },
          60_000,
        );
      }
      // The server holds the secret (masked in its own answers): the tour below could leak it.
      const config = JSON.stringify(await api('GET', '/apis/skiff/v1/config'));
      expect(config).toContain('tour-bucket');
      expect(config).not.toContain(S3_SECRET);
      browser = await openBrowser({ captureBodies: true });
      await browser.context.addInitScript(
        `localStorage.setItem('skiff.authToken', ${JSON.stringify(TOKEN)})`,
      );
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('opens every page, asking nothing of any origin but the server and receiving no secret', async () => {
      const { page } = browser;
      const paths = [...new Set([...KFP_PAGES, ...patterns].map((pattern) => fill(pattern, ids)))];
      for (const path of paths) {
        await page.goto('about:blank');
        await page.goto(`${server.url}/#${path}`);
        await page.locator('main').waitFor();
        await expect.poll(() => page.getByText('Loading the page…').count(), { timeout: 30_000 }).toBe(0);
        // Let the page make its first requests (and the later ones it makes on its own).
        await page.waitForTimeout(1_500);
      }
      // Each page was loaded from the server (its document request), by its own hash path.
      expect(browser.requests.filter((url) => url === `${server.url}/`).length).toBe(paths.length);
      expect(browser.requests.some((url) => url.includes('/apis/'))).toBe(true);
      expect(browser.foreignRequests(server.url)).toEqual([]);
      await expect.poll(() => browser.responses.length).toBeGreaterThan(0);
      const leaks = browser.responses
        .filter((answer) => answer.body.includes(S3_SECRET) || answer.body.includes(TOKEN))
        .map((answer) => answer.url);
      expect(leaks).toEqual([]);
      // Nothing was refused for want of the token: the tour saw the pages, not the prompt.
      expect(browser.responses.filter((answer) => answer.status === 401).map((answer) => answer.url)).toEqual(
        [],
      );
    });

    it('opens the run and pipeline links kfp.Client prints on their pages', async () => {
      const { page } = browser;
      // kfp.Client: f'{host}/#/runs/details/{run_id}', f'{host}/#/pipelines/details/{pipeline_id}' (and /version/{id}).
      const links = [
        { href: `${server.url}/#/runs/details/${ids.run}`, section: 'Runs', title: 'runs · Skiff' },
        {
          href: `${server.url}/#/pipelines/details/${ids.pipeline}`,
          section: 'Pipelines',
          title: 'pipelines · Skiff',
        },
        {
          href: `${server.url}/#/pipelines/details/${ids.pipeline}/version/${ids.version}`,
          section: 'Pipelines',
          title: 'pipelines · Skiff',
        },
      ];
      for (const link of links) {
        await page.goto('about:blank');
        await page.goto(link.href);
        await page.locator('main').waitFor();
        const hash = new URL(link.href).hash;
        await expect.poll(() => page.title()).toBe(link.title);
        expect(new URL(page.url()).hash).toBe(hash);
        const path = hash.slice(1);
        if (hasRoute(patterns, path)) {
          // The page exists in this checkout: it is shown, under its section of the navigation.
          const current = page
            .getByRole('navigation', { name: 'Main' })
            .getByRole('link', { name: link.section, exact: true });
          await expect.poll(() => current.getAttribute('aria-current')).toBe('page');
          expect(await page.getByText('SKIFF_UI_NO_PAGE').count()).toBe(0);
        } else {
          // Not built in this checkout yet: the app says so for exactly this path, rather than redirecting.
          await expect.poll(() => page.getByRole('alert').textContent()).toContain(`#${path}`);
        }
      }
    });
  },
);
