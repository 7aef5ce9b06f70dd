import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { OFF_THREAD_SPEC_BYTES, SPEC_WORKER_PATH } from '../src/server/spec-check/index.js';
import { callJson, type TestServer, uploadFile } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';
import { wideSpec } from './support/wide-spec.js';

const V2 = '/apis/v2beta1';
/** Components of the large spec: about 2 MiB of YAML, several seconds to read before the fix. */
const COMPONENTS = 3_000;
/** The slowest /healthz answer allowed while a large spec is read. */
const HEALTH_MS = 500;
/** The most the server's memory may grow while it reads the 2 MiB spec. */
const RSS_GROWTH_MIB = 400;

/**
 * Runs `send` while asking /healthz every 20 ms; resolves to the answer, the longest a health
 * request waited (ms) and how much the process's resident set grew at most meanwhile (MiB). The
 * server runs in this process: a blocked event loop delays the probe's timer as it would delay a
 * request arriving then, so each wait counts from when the probe was due, not when it was sent.
 */
async function whileProbing<T>(server: TestServer, send: () => Promise<T>) {
  let done = false;
  let slowestMs = 0;
  let probes = 0;
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const probe = (async () => {
    while (!done) {
      const dueAt = performance.now() + 20;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const answer = await server.request('/healthz');
      await answer.arrayBuffer();
      slowestMs = Math.max(slowestMs, performance.now() - dueAt);
      probes += 1;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
  })();
  const answer = await send();
  done = true;
  await probe;
  return { answer, slowestMs, probes, rssGrowthMiB: (rssPeak - rssBefore) / 2 ** 20 };
}

describe('skiff server with a large pipeline spec', () => {
  let server: TestServer;
  const doc = wideSpec('wide', COMPONENTS);
  const yamlText = stringify(doc);
  const jsonText = JSON.stringify(doc);
  beforeAll(async () => {
    expect(existsSync(SPEC_WORKER_PATH), 'npm run build first: the spec worker is dist/spec-worker.mjs').toBe(
      true,
    );
    expect(yamlText.length).toBeGreaterThan(OFF_THREAD_SPEC_BYTES);
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('answers /healthz within 500 ms while it reads an uploaded 3,000-component YAML spec', async () => {
    const { answer, slowestMs, probes, rssGrowthMiB } = await whileProbing(server, () =>
      uploadFile(server, `${V2}/pipelines/upload`, yamlText, 'wide.yaml'),
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(probes).toBeGreaterThan(1);
    expect(slowestMs).toBeLessThan(HEALTH_MS);
    expect(rssGrowthMiB).toBeLessThan(RSS_GROWTH_MIB);
    // The stored YAML is shown as an object, read off the event loop too.
    const id = String(answer.json.pipeline_id);
    const versions = await whileProbing(server, () =>
      callJson(server, 'GET', `${V2}/pipelines/${id}/versions`),
    );
    const [version] = versions.answer.json.pipeline_versions as { pipeline_spec: typeof doc }[];
    expect(Object.keys(version!.pipeline_spec.components)).toHaveLength(COMPONENTS);
    expect(versions.slowestMs).toBeLessThan(HEALTH_MS);
  });

  it('answers /healthz within 500 ms while it checks the same spec inline in a pipeline and a run', async () => {
    const created = await whileProbing(server, () =>
      callJson(
        server,
        'POST',
        `${V2}/pipelines/create`,
        `{"pipeline":{"name":"wide-json"},"pipeline_version":{"name":"v1","pipeline_spec":${jsonText}}}`,
      ),
    );
    expect(created.answer.status, JSON.stringify(created.answer.json)).toBe(200);
    expect(created.slowestMs).toBeLessThan(HEALTH_MS);
    const run = await whileProbing(server, () =>
      callJson(server, 'POST', `${V2}/runs`, `{"display_name":"wide","pipeline_spec":${jsonText}}`),
    );
    expect(run.answer.status, JSON.stringify(run.answer.json)).toBe(200);
    expect(run.slowestMs).toBeLessThan(HEALTH_MS);
    await callJson(server, 'POST', `${V2}/runs/${String(run.answer.json.run_id)}:terminate`);
  });

  it('reports a bad large spec with the IR code and where it came from, as for a small one', async () => {
    const bad = structuredClone(doc);
    bad.root.dag.tasks['step-7'] = { ...bad.root.dag.tasks['step-7']!, componentRef: { name: 'comp-nope' } };
    const answer = await uploadFile(server, `${V2}/pipelines/upload`, stringify(bad), 'bad.yaml');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ reason: 'SKIFF_IR_UNKNOWN_COMPONENT' }] });
    expect(String(answer.json.message)).toContain('invalid pipeline spec in bad.yaml');
    expect(String(answer.json.message)).toContain('root.dag.tasks.step-7.componentRef.name');
  });
});
