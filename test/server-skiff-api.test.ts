import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../src/server/byte-range.js';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { pipeline, task } from './support/ir-builder.js';
import { expectError } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the API under test are read field by field.
type Json = Record<string, any>;

/** One task that prints lines over ~1.5 s and writes a 1000-byte dataset (bytes 0..9 repeated). */
const spec = (() => {
  const doc = JSON.parse(
    pipeline(
      'skiff-api',
      {
        talk: {
          outputArtifacts: { data: 'system.Dataset' },
          script:
            'for i in 1 2 3; do echo "line $i"; sleep 0.5; done; mkdir -p "$(dirname "$0")"; ' +
            'i=0; while [ $i -lt 100 ]; do printf 0123456789; i=$((i+1)); done > "$0"',
        },
      },
      { tasks: { talk: task('talk') } },
    ),
  );
  doc.deploymentSpec.executors['exec-talk'].container.args = ["{{$.outputs.artifacts['data'].path}}"];
  return doc;
})();

await onEachMetadataStore('Skiff API over real HTTP', 'skiff_api', skiffApiSuite);

function skiffApiSuite(store: string, env: StoreEnv): void {
  describe(`Skiff API over real HTTP (${store})`, () => {
    let server: Server;
    let runId: string;
    let followed: string;
    beforeAll(async () => {
      // A home whose path is not ASCII: its logs' locations travel in a header too.
      const home = mkdtempSync(join(tmpdir(), 'skiff-api-józef-дом-'));
      server = await startTestServer(
        { ...(await env()), SKIFF_SERVER_AUTH_TOKEN: 'token-for-skiff-api-tests' },
        { home },
      );
      const headers = {
        authorization: 'Bearer token-for-skiff-api-tests',
        'content-type': 'application/json',
      };
      const created = await server.request('/apis/v2beta1/runs', {
        method: 'POST',
        headers,
        body: JSON.stringify({ display_name: 'talk', pipeline_spec: spec }),
      });
      runId = ((await created.json()) as Json).run_id;
      // Follow the log while the attempt runs (waiting for the task to appear first).
      for (;;) {
        const response = await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/logs?follow=true`);
        if (response.status === 200) {
          expect(response.headers.get('content-type')).toContain('text/event-stream');
          followed = await response.text();
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    afterAll(async () => server?.close());
    const get = (path: string, headers: Record<string, string> = {}) =>
      server.request(path, { headers: { authorization: 'Bearer token-for-skiff-api-tests', ...headers } });

    it('follows a running attempt as server-sent events until it ends', () => {
      expect(followed).toContain('event: log');
      expect(followed).toMatch(/line 1[\s\S]*line 2[\s\S]*line 3/);
      expect(followed).toMatch(/event: end\ndata: \{"state":"SUCCEEDED"\}/);
    });

    it('lists the attempts of a task by id or path, and tails its stored log', async () => {
      const attempts = (await (await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/attempts`)).json()) as Json;
      expect(attempts.attempts).toHaveLength(1);
      expect(attempts.attempts[0]).toMatchObject({ number: 1, state: 'SUCCEEDED', exit_code: 0 });
      const full = await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/logs`);
      expect(await full.text()).toBe('line 1\nline 2\nline 3\n');
      // The location as a URI, in the header percent-encoded (a header cannot carry "é" or "д").
      const logUri: string = attempts.attempts[0].log_uri;
      expect(logUri).toMatch(/^file:\/\/\/.*skiff-api-/);
      const header = full.headers.get('x-skiff-log-uri') ?? '';
      expect(header).toMatch(/^[\x21-\x7e]+$/);
      expect(fileURLToPath(header)).toBe(fileURLToPath(logUri));
      expect(fileURLToPath(header)).toContain('józef-дом');
      const tail = await get(`/apis/skiff/v1/runs/${runId}/tasks/${attempts.task_id}/logs?tail_bytes=7`);
      expect(await tail.text()).toBe('line 3\n');
      expect((await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/logs?attempt=2`)).status).toBe(404);
      expect((await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/logs?attempt=x`)).status).toBe(400);
      expect((await get(`/apis/skiff/v1/runs/${runId}/tasks/nope/attempts`)).status).toBe(404);
    });

    it('searches a stored log whole on the server, case ignored, and refuses a bad search with a coded 400', async () => {
      const search = async (query: string) => {
        const response = await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/logs/search?${query}`);
        return { status: response.status, json: (await response.json()) as Json };
      };
      const found = await search('q=LINE%202');
      expect(found.status).toBe(200);
      expect(found.json).toEqual({
        attempt: 1,
        size: 21,
        searched_bytes: 21,
        capped: false,
        matches: [{ line: 2, offset: 7, start: 0 }],
      });
      const capped = await search('q=line&limit=2&attempt=1');
      expect(capped.json).toMatchObject({ capped: true, searched_bytes: 14 });
      expect(capped.json.matches.map((m: Json) => m.line)).toEqual([1, 2]);
      expect((await search('q=absent')).json).toMatchObject({
        matches: [],
        capped: false,
        searched_bytes: 21,
      });
      for (const bad of [
        '',
        'q=',
        `q=${'x'.repeat(1001)}`,
        'q=line&limit=0',
        'q=line&limit=10001',
        'q=a&q=b',
      ]) {
        const message = expectError(await search(bad), 400, 'SKIFF_API_BAD_REQUEST');
        expect(message, bad).toMatch(/query parameter (q|limit)/);
      }
      expect((await search('q=line&attempt=2')).status).toBe(404);
    });

    it('downloads an artifact whole and by HTTP Range', async () => {
      const run = (await (await get(`/apis/v2beta1/runs/${runId}`)).json()) as Json;
      const talk = run.run_details.task_details.find((t: Json) => t.display_name === 'talk');
      const artifactId = talk.outputs.artifacts.data[0].id;
      const whole = await get(`/apis/skiff/v1/artifacts/${artifactId}`);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect((await whole.text()).length).toBe(1000);
      const part = await get(`/apis/skiff/v1/artifacts/${artifactId}`, { range: 'bytes=10-14' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe('bytes 10-14/1000');
      expect(await part.text()).toBe('01234');
      const suffix = await get(`/apis/skiff/v1/artifacts/${artifactId}`, { range: 'bytes=-3' });
      expect(await suffix.text()).toBe('789');
      expect((await get(`/apis/skiff/v1/artifacts/${artifactId}`, { range: 'bytes=5000-' })).status).toBe(
        416,
      );
      expect((await get('/apis/skiff/v1/artifacts/no-such-artifact')).status).toBe(404);
    });

    it('answers 404 for the log of an ended attempt whose file is gone, not an empty log', async () => {
      const attempts = (await (await get(`/apis/skiff/v1/runs/${runId}/tasks/talk/attempts`)).json()) as Json;
      rmSync(fileURLToPath(attempts.attempts[0].log_uri));
      const logs = `/apis/skiff/v1/runs/${runId}/tasks/talk/logs`;
      for (const response of [
        await get(logs),
        await get(logs, { range: 'bytes=0-3' }),
        await get(`${logs}?tail_bytes=5`),
        await get(`${logs}/search?q=line`),
      ]) {
        const answer = { status: response.status, json: (await response.json()) as Json };
        expect(expectError(answer, 404, 'SKIFF_API_NOT_FOUND')).toMatch(
          /the log of attempt 1 of task "talk" is missing: no file is at file:\/\//,
        );
      }
    });

    it('shows the configuration with sources and masks the auth token; runs doctor', async () => {
      const config = (await (await get('/apis/skiff/v1/config')).json()) as Json;
      expect(config.values['server.authToken']).toEqual({
        value: '****',
        source: 'env:SKIFF_SERVER_AUTH_TOKEN',
      });
      expect(JSON.stringify(config)).not.toContain('token-for-skiff-api-tests');
      expect(config.values.pipelineRoot.source).toBe('default (from home)');
      const doctor = (await (await get('/apis/skiff/v1/doctor')).json()) as Json;
      expect(doctor.checks.map((c: Json) => c.name)).toEqual(
        expect.arrayContaining(['config', 'metadata', 'storage', 'python']),
      );
    });
  });
}

describe('parseRange', () => {
  it('reads the three forms of a byte range and refuses what lies past the end', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 10 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 100 });
    expect(parseRange('bytes=-5', 100)).toEqual({ start: 95, end: 100 });
    expect(parseRange('bytes=0-999', 100)).toEqual({ start: 0, end: 100 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('items=0-1', 100)).toBeUndefined();
  });
});
