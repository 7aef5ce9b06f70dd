import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, filterParam, type TestServer, uploadFile } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

const BASE = '/apis/v2beta1/pipelines';
const CORPUS_HELLO = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'kfp-corpus',
  'valid',
  'hello_world.yaml',
);
// The corpus file when ../shared is present; otherwise an equivalent small spec (the tests cover the same paths).
const HELLO_YAML = existsSync(CORPUS_HELLO)
  ? readFileSync(CORPUS_HELLO, 'utf8')
  : pipeline('echo', { echo: { command: ['echo', 'hello world'] } }, { tasks: { echo: task('echo') } });
const specObject = (name: string) =>
  JSON.parse(pipeline(name, { hi: { script: 'echo hi' } }, { tasks: { hi: task('hi') } })) as Record<
    string,
    unknown
  >;

await onEachMetadataStore(
  'KFP v2beta1 pipelines and versions over real HTTP',
  'pipelines_api',
  pipelinesSuite,
);

function pipelinesSuite(store: string, env: StoreEnv): void {
  describe(`KFP v2beta1 pipelines and versions over real HTTP (${store})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(await env());
    });
    afterAll(async () => server?.close());

    it('uploads a pipeline file as multipart "uploadfile" and answers its first version with the spec', async () => {
      const uploaded = await uploadFile(
        server,
        `${BASE}/upload?name=hello&description=says%20hello`,
        HELLO_YAML,
        'hello_world.yaml',
      );
      expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(200);
      expect(uploaded.json).toEqual({
        pipeline_id: expect.any(String),
        name: 'hello',
        display_name: 'hello',
        description: 'says hello',
        created_at: expect.stringMatching(/Z$/),
        namespace: '',
      });
      const id = String(uploaded.json.pipeline_id);
      const versions = await callJson(server, 'GET', `${BASE}/${id}/versions`);
      expect(versions.json.total_size).toBe(1);
      const [version] = versions.json.pipeline_versions as Record<string, unknown>[];
      expect(version).toMatchObject({
        pipeline_id: id,
        name: 'hello',
        pipeline_spec: { pipelineInfo: { name: 'echo' } },
      });
      const got = await callJson(server, 'GET', `${BASE}/${id}/versions/${version?.pipeline_version_id}`);
      expect(got.json).toEqual(version);
      expect((await callJson(server, 'GET', `${BASE}/names/hello`)).json).toEqual(uploaded.json);
      expect((await callJson(server, 'GET', `${BASE}/${id}`)).json).toEqual(uploaded.json);
      expectError(
        await uploadFile(server, `${BASE}/upload?name=hello`, HELLO_YAML),
        409,
        'SKIFF_API_CONFLICT',
      );
    });

    it('names an uploaded pipeline after its file when no name is given', async () => {
      const uploaded = await uploadFile(server, `${BASE}/upload`, HELLO_YAML, 'from_file.yaml');
      expect(uploaded.json).toMatchObject({ name: 'from_file', display_name: 'from_file' });
    });

    it('uploads a new version with upload_version, and keeps a platform spec in pipeline_spec', async () => {
      const { json } = await callJson(server, 'POST', BASE, { display_name: 'versioned' });
      const id = String(json.pipeline_id);
      const withPlatform = `${HELLO_YAML}\n---\nplatforms:\n  kubernetes:\n    deploymentSpec:\n      executors: {}\n`;
      const v = await uploadFile(
        server,
        `${BASE}/upload_version?pipelineid=${id}&name=v2&display_name=Second`,
        withPlatform,
      );
      expect(v.status, JSON.stringify(v.json)).toBe(200);
      expect(v.json).toMatchObject({
        pipeline_id: id,
        name: 'v2',
        display_name: 'Second',
        pipeline_spec: {
          pipeline_spec: { pipelineInfo: { name: 'echo' } },
          platform_spec: { platforms: {} },
        },
      });
      expectError(
        await uploadFile(server, `${BASE}/upload_version?pipelineid=${id}&name=v2`, HELLO_YAML),
        409,
        'SKIFF_API_CONFLICT',
      );
      expectError(
        await uploadFile(server, `${BASE}/upload_version?pipelineid=nope`, HELLO_YAML),
        404,
        'SKIFF_API_NOT_FOUND',
      );
      expectError(
        await uploadFile(server, `${BASE}/upload_version`, HELLO_YAML),
        400,
        'SKIFF_API_BAD_REQUEST',
      );
    });

    it('creates a pipeline with a first version from an inline spec, bare or wrapped', async () => {
      const created = await callJson(server, 'POST', `${BASE}/create`, {
        pipeline: { display_name: 'inline', description: 'made inline' },
        pipeline_version: { display_name: 'first', pipeline_spec: specObject('inline') },
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      const id = String(created.json.pipeline_id);
      const wrapped = await callJson(server, 'POST', `${BASE}/${id}/versions`, {
        name: 'wrapped',
        pipeline_spec: {
          pipeline_spec: specObject('inline'),
          platform_spec: { platforms: { kubernetes: {} } },
        },
      });
      expect(wrapped.status, JSON.stringify(wrapped.json)).toBe(200);
      expect(wrapped.json).toMatchObject({
        name: 'wrapped',
        pipeline_spec: { pipeline_spec: { pipelineInfo: { name: 'inline' } } },
      });
      const list = await callJson(server, 'GET', `${BASE}/${id}/versions?sort_by=name`);
      expect((list.json.pipeline_versions as { name: string }[]).map((v) => v.name)).toEqual([
        'first',
        'wrapped',
      ]);
    });

    it('refuses an invalid spec with 400 carrying the IR code, location and fix', async () => {
      const bad = specObject('bad');
      (bad.root as { dag: { tasks: Record<string, unknown> } }).dag.tasks.hi = task('missing');
      const created = await callJson(server, 'POST', `${BASE}/create`, {
        pipeline: { display_name: 'bad' },
        pipeline_version: { pipeline_spec: bad },
      });
      expect(created.status).toBe(400);
      const reason = (created.json.details as { reason: string }[])[0]?.reason ?? '';
      expect(reason).toMatch(/^SKIFF_IR_/);
      expect(String(created.json.message)).toMatch(/invalid pipeline spec.*\(at .*\).*fix: /);
      // Nothing half-created: the pipeline name is still free.
      expectError(await callJson(server, 'GET', `${BASE}/names/bad`), 404, 'SKIFF_API_NOT_FOUND');
      const upload = await uploadFile(server, `${BASE}/upload?name=junk`, 'just: [text', 'junk.yaml');
      expect(upload.status).toBe(400);
      expect(String((upload.json.details as { reason: string }[])[0]?.reason)).toMatch(/^SKIFF_IR_/);
    });

    it('refuses a version given only as a package URL, and bodies with unknown fields or wrong types', async () => {
      const { json } = await callJson(server, 'POST', BASE, { name: 'urls' });
      const id = String(json.pipeline_id);
      const url = await callJson(server, 'POST', `${BASE}/${id}/versions`, {
        package_url: { pipeline_url: 'https://x/p.yaml' },
      });
      expect(expectError(url, 400, 'SKIFF_API_BAD_REQUEST')).toContain('pipeline_url');
      expect(
        expectError(
          await callJson(server, 'POST', BASE, { name: 'x', owner: 'me' }),
          400,
          'SKIFF_API_BAD_REQUEST',
        ),
      ).toContain('owner');
      expect(
        expectError(await callJson(server, 'POST', BASE, { name: 5 }), 400, 'SKIFF_API_BAD_REQUEST'),
      ).toContain('name');
      expect(expectError(await callJson(server, 'POST', BASE, {}), 400, 'SKIFF_API_BAD_REQUEST')).toContain(
        'display_name',
      );
      expect(
        expectError(await callJson(server, 'POST', BASE, '{'), 400, 'SKIFF_API_BAD_REQUEST'),
      ).toBeTruthy();
      const badSpec = await callJson(server, 'POST', `${BASE}/${id}/versions`, { pipeline_spec: 'text' });
      expect(expectError(badSpec, 400, 'SKIFF_API_BAD_REQUEST')).toContain('pipeline_spec');
      expectError(
        await uploadFile(server, `${BASE}/upload`, HELLO_YAML, 'p.yaml', 'file'),
        400,
        'SKIFF_API_BAD_REQUEST',
      );
      expectError(
        await callJson(server, 'POST', `${BASE}/upload`, { name: 'x' }),
        400,
        'SKIFF_API_BAD_REQUEST',
      );
    });

    it('lists pipelines with filter, sort and pages', async () => {
      for (const name of ['list-c', 'list-a', 'list-b']) {
        expect((await callJson(server, 'POST', BASE, { name })).status).toBe(200);
      }
      const names = async (query: string) => {
        const { status, json } = await callJson(server, 'GET', `${BASE}?${query}`);
        expect(status, JSON.stringify(json)).toBe(200);
        return (json.pipelines as { name: string }[]).map((p) => p.name);
      };
      const substring = filterParam('name', 'IS_SUBSTRING', { string_value: 'list-' });
      expect(await names(`sort_by=name&${substring}`)).toEqual(['list-a', 'list-b', 'list-c']);
      expect(await names(`sort_by=name%20desc&${substring}`)).toEqual(['list-c', 'list-b', 'list-a']);
      expect(await names(filterParam('name', 'EQUALS', { string_value: 'list-b' }))).toEqual(['list-b']);
      expect(
        await names(
          `sort_by=name&${filterParam('name', 'IN', { string_values: { values: ['list-a', 'list-c'] } })}`,
        ),
      ).toEqual(['list-a', 'list-c']);
      const first = await callJson(server, 'GET', `${BASE}?sort_by=name&page_size=2&${substring}`);
      expect(first.json.total_size).toBe(3);
      const rest = await callJson(
        server,
        'GET',
        `${BASE}?sort_by=name&page_size=2&${substring}&page_token=${encodeURIComponent(String(first.json.next_page_token))}`,
      );
      expect((rest.json.pipelines as { name: string }[]).map((p) => p.name)).toEqual(['list-c']);
      expect(rest.json.next_page_token).toBeUndefined();
      expectError(
        await callJson(server, 'GET', `${BASE}?page_token=forged.token`),
        400,
        'SKIFF_API_BAD_PAGE_TOKEN',
      );
      expectError(
        await callJson(
          server,
          'GET',
          `${BASE}?${filterParam('created_at', 'IS_SUBSTRING', { string_value: 'x' })}`,
        ),
        400,
        'SKIFF_API_BAD_FILTER',
      );
    });

    it('deletes versions and pipelines: refuses a pipeline with versions unless cascade=true', async () => {
      const created = await callJson(server, 'POST', `${BASE}/create`, {
        pipeline: { name: 'doomed' },
        pipeline_version: { name: 'only', pipeline_spec: specObject('doomed') },
      });
      const id = String(created.json.pipeline_id);
      const refused = expectError(
        await callJson(server, 'DELETE', `${BASE}/${id}`),
        400,
        'SKIFF_API_PRECONDITION',
      );
      expect(refused).toContain('1 version');
      expect((await callJson(server, 'DELETE', `${BASE}/${id}?cascade=true`)).status).toBe(200);
      expectError(await callJson(server, 'GET', `${BASE}/${id}`), 404, 'SKIFF_API_NOT_FOUND');

      const other = await callJson(server, 'POST', `${BASE}/create`, {
        pipeline: { name: 'pruned' },
        pipeline_version: { name: 'v', pipeline_spec: specObject('pruned') },
      });
      const otherId = String(other.json.pipeline_id);
      const versions = await callJson(server, 'GET', `${BASE}/${otherId}/versions`);
      const versionId = String(
        (versions.json.pipeline_versions as { pipeline_version_id: string }[])[0]?.pipeline_version_id,
      );
      expectError(
        await callJson(server, 'GET', `${BASE}/${id}/versions/${versionId}`),
        404,
        'SKIFF_API_NOT_FOUND',
      );
      expect((await callJson(server, 'DELETE', `${BASE}/${otherId}/versions/${versionId}`)).status).toBe(200);
      expectError(
        await callJson(server, 'GET', `${BASE}/${otherId}/versions/${versionId}`),
        404,
        'SKIFF_API_NOT_FOUND',
      );
      expect((await callJson(server, 'DELETE', `${BASE}/${otherId}`)).status).toBe(200);
      expectError(await callJson(server, 'DELETE', `${BASE}/${otherId}`), 404, 'SKIFF_API_NOT_FOUND');
      expectError(await callJson(server, 'GET', `${BASE}/names/nobody`), 404, 'SKIFF_API_NOT_FOUND');
    });
  });
}
