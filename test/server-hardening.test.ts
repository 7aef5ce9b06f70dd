import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, type TestServer, uploadFile } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the API under test are read field by field.
type Json = Record<string, any>;

const V2 = '/apis/v2beta1';

/** One task that writes a small dataset, so the run has an artifact to read. */
const SPEC_TEXT = (() => {
  const doc = JSON.parse(
    pipeline(
      'hardening',
      {
        write: {
          outputArtifacts: { data: 'system.Dataset' },
          inputs: { p: 'LIST' },
          defaults: { p: [] },
          script: 'echo hello-log; mkdir -p "$(dirname "$0")"; printf hello > "$0"',
        },
      },
      {
        tasks: { write: task('write', { inputs: { parameters: { p: { componentInputParameter: 'p' } } } }) },
        inputs: { p: 'LIST' },
        defaults: { p: [] },
      },
    ),
  );
  doc.deploymentSpec.executors['exec-write'].container.args = ["{{$.outputs.artifacts['data'].path}}"];
  return JSON.stringify(doc);
})();

/** `[[[…]]]` nested `depth` levels, as JSON text. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A run body (JSON text) with `parameter` as the value of pipeline parameter p. */
const runBody = (parameter: string, spec = SPEC_TEXT) =>
  `{"display_name":"r","pipeline_spec":${spec},"runtime_config":{"parameters":{"p":${parameter}}}}`;

describe('skiff server hardening (SQLite)', () => {
  let server: TestServer;
  let runId: string;
  let artifactId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const created = await callJson(server, 'POST', `${V2}/runs`, runBody('[]'));
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    runId = String(created.json.run_id);
    for (;;) {
      const run = (await callJson(server, 'GET', `${V2}/runs/${runId}`)).json as Json;
      if (run.state === 'SUCCEEDED') {
        const write = run.run_details.task_details.find((t: Json) => t.display_name === 'write');
        artifactId = write.outputs.artifacts.data[0].id;
        break;
      }
      expect(['PENDING', 'RUNNING']).toContain(run.state);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => server?.close());

  describe('repeated query parameters', () => {
    it('refuses a repeated artifact path with 400 naming it (was a 500)', async () => {
      const answer = await callJson(server, 'GET', `/apis/skiff/v1/artifacts/${artifactId}?path=a&path=b`);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('query parameter path');
    });

    it.each([
      'attempt=1&attempt=2',
      'tail_bytes=1&tail_bytes=2',
      'follow=true&follow=false',
    ])('refuses a repeated log parameter (%s) with 400 naming it', async (query) => {
      const name = query.split('=')[0];
      const answer = await callJson(server, 'GET', `/apis/skiff/v1/runs/${runId}/tasks/write/logs?${query}`);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain(`query parameter ${name}`);
    });

    it.each([
      `${V2}/runs?page_size=1&page_size=2`,
      `${V2}/runs?filter=a&filter=b`,
      `${V2}/pipelines?sort_by=name&sort_by=created_at`,
      `${V2}/experiments?page_token=a&page_token=b`,
      `${V2}/recurringruns?experiment_id=a&experiment_id=b`,
      `${V2}/runs/RUN?x=1&x=2`,
    ])('refuses a repeated list or unknown parameter: %s', async (path) => {
      const name = path.split('?')[1]?.split('=')[0];
      const answer = await callJson(server, 'GET', path);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain(`query parameter ${name}`);
    });

    it('reads an artifact path with characters a file URI must encode, instead of a 500', async () => {
      const answer = await callJson(server, 'GET', `/apis/skiff/v1/artifacts/${artifactId}?path=%25`);
      expect(expectError(answer, 404, 'SKIFF_API_NOT_FOUND')).toContain('%25');
    });

    it('refuses follow and tail_bytes values that are not what they claim', async () => {
      const logs = `/apis/skiff/v1/runs/${runId}/tasks/write/logs`;
      expectError(await callJson(server, 'GET', `${logs}?follow=yes`), 400, 'SKIFF_API_BAD_REQUEST');
      expectError(await callJson(server, 'GET', `${logs}?tail_bytes=0x10`), 400, 'SKIFF_API_BAD_REQUEST');
      expectError(await callJson(server, 'GET', `${logs}?attempt=1e0`), 400, 'SKIFF_API_BAD_REQUEST');
      const tail = await server.request(`${logs}?tail_bytes=3&follow=false`);
      expect(await tail.text()).toBe('og\n');
    });
  });

  describe('malformed multipart uploads', () => {
    /** Posts `body` with `contentType` and answers status and JSON. */
    const post = async (path: string, contentType: string | undefined, body: string) => {
      const headers: Record<string, string> =
        contentType === undefined ? {} : { 'content-type': contentType };
      const response = await server.request(path, { method: 'POST', headers, body });
      return { status: response.status, json: (await response.json()) as Json };
    };
    const part = (name: string, fileName: string, content: string) =>
      `--XX\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`;
    let pipelineId: string;
    beforeAll(async () => {
      const uploaded = await uploadFile(server, `${V2}/pipelines/upload?name=multipart`, SPEC_TEXT, 'p.json');
      pipelineId = String(uploaded.json.pipeline_id);
    });

    for (const target of ['upload', 'upload_version'] as const) {
      const path = () =>
        target === 'upload'
          ? `${V2}/pipelines/upload`
          : `${V2}/pipelines/upload_version?pipelineid=${pipelineId}`;

      it(`answers 400 for multipart without a boundary (${target})`, async () => {
        const answer = await post(path(), 'multipart/form-data', 'abc');
        expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('boundary');
      });

      it(`answers 400 for a truncated part (${target})`, async () => {
        const answer = await post(
          path(),
          'multipart/form-data; boundary=XX',
          part('uploadfile', 'a.json', '{').slice(0, -2),
        );
        expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('ends before');
      });

      it(`answers 415 for a wrong content type, naming the one it takes (${target})`, async () => {
        const answer = await post(path(), 'text/plain', SPEC_TEXT);
        expect(expectError(answer, 415, 'SKIFF_API_UNSUPPORTED_MEDIA')).toContain(
          'it takes multipart/form-data with the file in the field "uploadfile"',
        );
      });

      it(`answers 400 for an empty file (${target})`, async () => {
        const body = `${part('uploadfile', 'empty.yaml', '')}--XX--\r\n`;
        const answer = await post(path(), 'multipart/form-data; boundary=XX', body);
        expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('empty.yaml');
      });

      it(`answers 400 for two or three files (${target})`, async () => {
        const two = `${part('uploadfile', 'a.json', SPEC_TEXT)}${part('uploadfile', 'b.json', SPEC_TEXT)}--XX--\r\n`;
        const answer = await post(path(), 'multipart/form-data; boundary=XX', two);
        expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('uploadfile');
        const three = `${part('uploadfile', 'a.json', SPEC_TEXT)}${part('other', 'b.json', '')}${part('x', 'c', '')}--XX--\r\n`;
        const more = await post(path(), 'multipart/form-data; boundary=XX', three);
        expect(expectError(more, 400, 'SKIFF_API_BAD_REQUEST')).toMatch(/other|files/);
      });

      it(`answers 400 for a body that is not multipart at all despite its type (${target})`, async () => {
        const answer = await post(path(), 'multipart/form-data; boundary=XX', 'just some text');
        expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('ends before');
      });
    }
  });

  describe('size limits', () => {
    it('answers 413 with SKIFF_API_TOO_LARGE for a JSON body over 64 MiB', async () => {
      const body = `{"display_name":"${'x'.repeat(64 * 1024 * 1024)}"}`;
      const answer = await callJson(server, 'POST', `${V2}/experiments`, body);
      expect(expectError(answer, 413, 'SKIFF_API_TOO_LARGE')).toContain('64 MiB');
      expect(answer.json.code).toBe(8);
    });

    it('answers 413 with SKIFF_API_TOO_LARGE for an uploaded file over 32 MiB', async () => {
      const answer = await uploadFile(server, `${V2}/pipelines/upload`, `# ${'x'.repeat(32 * 1024 * 1024)}`);
      expect(expectError(answer, 413, 'SKIFF_API_TOO_LARGE')).toContain('32 MiB');
    });
  });

  describe('deeply nested JSON and YAML', () => {
    const deep = nested(8000);
    const trigger = '"trigger":{"periodic_schedule":{"interval_second":"60"}}';
    const withDeepDefault = SPEC_TEXT.replace('"defaultValue":[]', `"defaultValue":${deep}`);
    const cases: [string, string, string][] = [
      ['a run parameter', `${V2}/runs`, runBody(deep)],
      ['a run pipeline_spec', `${V2}/runs`, runBody('[]', withDeepDefault)],
      [
        'a run platform_spec',
        `${V2}/runs`,
        `{"display_name":"r","pipeline_spec":{"pipeline_spec":${SPEC_TEXT},"platform_spec":{"platforms":{"kubernetes":{"x":${deep}}}}}}`,
      ],
      ['a recurring run parameter', `${V2}/recurringruns`, runBody(deep).replace(/}$/, `,${trigger}}`)],
      [
        'a recurring run pipeline_spec',
        `${V2}/recurringruns`,
        runBody('[]', withDeepDefault).replace(/}$/, `,${trigger}}`),
      ],
      ['an experiment', `${V2}/experiments`, `{"display_name":"e","description":${deep}}`],
      [
        'a pipeline',
        `${V2}/pipelines/create`,
        `{"pipeline":{"name":"deep"},"pipeline_version":{"pipeline_spec":${withDeepDefault}}}`,
      ],
    ];
    it.each(cases)('answers 400 SKIFF_NESTING_TOO_DEEP for %s nested 8,000 levels', async (_, path, body) => {
      const answer = await callJson(server, 'POST', path, body);
      const message = expectError(answer, 400, 'SKIFF_NESTING_TOO_DEEP');
      expect(message).toMatch(/200 levels/);
      expect(JSON.stringify(answer.json)).not.toMatch(/RangeError|\\n\s+at /);
    });

    it('answers 400 SKIFF_ARG_TYPE for a LIST parameter given as JSON text nested 8,000 levels', async () => {
      const answer = await callJson(server, 'POST', `${V2}/runs`, runBody(JSON.stringify(deep)));
      expect(expectError(answer, 400, 'SKIFF_ARG_TYPE')).toContain('200 levels');
    });

    it('answers 400 SKIFF_NESTING_TOO_DEEP for an uploaded .json and .yaml pipeline nested 8,000 levels', async () => {
      const json = await uploadFile(
        server,
        `${V2}/pipelines/upload?name=deep-json`,
        withDeepDefault,
        'deep.json',
      );
      expect(expectError(json, 400, 'SKIFF_NESTING_TOO_DEEP')).toContain('deep.json');
      const yaml = `# compiled\n${withDeepDefault}`;
      const answer = await uploadFile(server, `${V2}/pipelines/upload?name=deep-yaml`, yaml, 'deep.yaml');
      expect(expectError(answer, 400, 'SKIFF_NESTING_TOO_DEEP')).toContain('line 2');
    });

    it('still answers /healthz after them', async () => {
      expect((await server.request('/healthz')).status).toBe(200);
    });
  });

  describe('length limits on names and descriptions', () => {
    const long = (n: number) => 'n'.repeat(n);
    const trigger = '"trigger":{"periodic_schedule":{"interval_second":"60"}}';
    let pipelineId: string;
    beforeAll(async () => {
      const uploaded = await uploadFile(server, `${V2}/pipelines/upload?name=limits`, SPEC_TEXT, 'p.json');
      pipelineId = String(uploaded.json.pipeline_id);
    });

    const bodies: [string, string, () => string, string, number][] = [
      ['pipeline name', `${V2}/pipelines`, () => `{"name":"${long(257)}"}`, 'name', 256],
      [
        'pipeline description',
        `${V2}/pipelines`,
        () => `{"name":"p","description":"${long(10_001)}"}`,
        'description',
        10_000,
      ],
      [
        'first version display_name',
        `${V2}/pipelines/create`,
        () =>
          `{"pipeline":{"name":"p2"},"pipeline_version":{"display_name":"${long(300)}","pipeline_spec":${SPEC_TEXT}}}`,
        'pipeline_version.display_name',
        256,
      ],
      [
        'experiment display_name',
        `${V2}/experiments`,
        () => `{"display_name":"${long(257)}"}`,
        'display_name',
        256,
      ],
      [
        'experiment namespace',
        `${V2}/experiments`,
        () => `{"display_name":"e","namespace":"${long(257)}"}`,
        'namespace',
        256,
      ],
      [
        'run display_name',
        `${V2}/runs`,
        () => runBody('[]').replace('"display_name":"r"', `"display_name":"${long(257)}"`),
        'display_name',
        256,
      ],
      [
        'recurring run description',
        `${V2}/recurringruns`,
        () => runBody('[]').replace(/}$/, `,${trigger},"description":"${long(10_001)}"}`),
        'description',
        10_000,
      ],
      [
        'run pipeline_root',
        `${V2}/runs`,
        () =>
          runBody('[]').replace(
            '"runtime_config":{',
            `"runtime_config":{"pipeline_root":"file:///${long(2_100)}",`,
          ),
        'runtime_config.pipeline_root',
        2_048,
      ],
      [
        'run parameter name',
        `${V2}/runs`,
        () =>
          runBody('[]').replace(
            '"runtime_config":{"parameters":{',
            `"runtime_config":{"parameters":{"${long(300)}":1,`,
          ),
        'runtime_config.parameters',
        256,
      ],
      [
        'run experiment_id',
        `${V2}/runs`,
        () => runBody('[]').replace(/}$/, `,"experiment_id":"${long(200)}"}`),
        'experiment_id',
        128,
      ],
      [
        'run service_account',
        `${V2}/runs`,
        () => runBody('[]').replace(/}$/, `,"service_account":"${long(300)}"}`),
        'service_account',
        256,
      ],
      [
        'recurring run cron expression',
        `${V2}/recurringruns`,
        () => runBody('[]').replace(/}$/, `,"trigger":{"cron_schedule":{"cron":"${'0 '.repeat(200)}"}}}`),
        'trigger.cron_schedule.cron',
        256,
      ],
      [
        'recurring run start_time',
        `${V2}/recurringruns`,
        () =>
          runBody('[]').replace(
            /}$/,
            `,"trigger":{"periodic_schedule":{"interval_second":"60","start_time":"${long(300)}"}}}`,
          ),
        'trigger.periodic_schedule.start_time',
        256,
      ],
      [
        'recurring run interval_second',
        `${V2}/recurringruns`,
        () =>
          runBody('[]').replace(
            /}$/,
            `,"trigger":{"periodic_schedule":{"interval_second":"${'9'.repeat(300)}"}}}`,
          ),
        'trigger.periodic_schedule.interval_second',
        256,
      ],
      [
        'version code_source_url',
        `${V2}/pipelines/create`,
        () =>
          `{"pipeline":{"name":"p3"},"pipeline_version":{"code_source_url":"https://x/${long(2_100)}","pipeline_spec":${SPEC_TEXT}}}`,
        'pipeline_version.code_source_url',
        2_048,
      ],
    ];
    it.each(
      bodies,
    )('answers 400 for a %s over the limit, naming the field, its length and the limit', async (_, path, body, field, limit) => {
      const answer = await callJson(server, 'POST', path, body());
      const message = expectError(answer, 400, 'SKIFF_API_BAD_REQUEST');
      expect(message).toContain(`"${field}"`);
      expect(message).toMatch(new RegExp(`is \\d+ characters long; the limit is ${limit}`));
    });

    it('answers 400 for run parameters over 1 MiB as JSON, naming the field, the length and the limit', async () => {
      const answer = await callJson(server, 'POST', `${V2}/runs`, runBody(`["${long(1_100_000)}"]`));
      const message = expectError(answer, 400, 'SKIFF_API_BAD_REQUEST');
      expect(message).toContain('"runtime_config.parameters"');
      expect(message).toMatch(/is \d+ characters long as JSON; the limit is 1048576/);
    });

    it.each([
      ['filter', `${V2}/runs?filter=`],
      ['page_token', `${V2}/experiments?page_token=`],
      ['sort_by', `${V2}/pipelines?sort_by=`],
    ])('answers 400 for a query parameter %s over 8,192 characters, naming it, its length and the limit', async (name, path) => {
      const answer = await callJson(server, 'GET', `${path}${long(9_000)}`);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain(
        `query parameter ${name} is 9000 characters long; the limit is 8192`,
      );
    });

    it('answers 400 for a version name over the limit', async () => {
      const body = `{"name":"${long(257)}","pipeline_spec":${SPEC_TEXT}}`;
      const answer = await callJson(server, 'POST', `${V2}/pipelines/${pipelineId}/versions`, body);
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('the limit is 256');
    });

    it('answers 400 for upload query names and descriptions over the limit', async () => {
      const name = await uploadFile(server, `${V2}/pipelines/upload?name=${long(257)}`, SPEC_TEXT);
      expect(expectError(name, 400, 'SKIFF_API_BAD_REQUEST')).toMatch(
        /query parameter name is 257 characters long; the limit is 256/,
      );
      const described = await uploadFile(
        server,
        `${V2}/pipelines/upload_version?pipelineid=${pipelineId}&description=${long(10_001)}`,
        SPEC_TEXT,
      );
      expect(expectError(described, 400, 'SKIFF_API_BAD_REQUEST')).toContain(
        'query parameter description is 10001',
      );
    });

    it('answers 400 for an upload whose spec brings a description over the limit', async () => {
      const spec = JSON.parse(SPEC_TEXT);
      spec.pipelineInfo.description = long(10_001);
      const answer = await uploadFile(server, `${V2}/pipelines/upload?name=described`, JSON.stringify(spec));
      expect(expectError(answer, 400, 'SKIFF_API_BAD_REQUEST')).toContain('pipelineInfo.description');
    });

    it('accepts names of exactly 256 characters', async () => {
      const answer = await callJson(server, 'POST', `${V2}/experiments`, { display_name: long(256) });
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    });
  });

  it('refuses a platform spec with wrong types at submit with 400 naming the field', async () => {
    const platform = {
      platforms: {
        kubernetes: { deploymentSpec: { executors: { 'exec-write': { secretAsEnv: [{ secretName: 5 }] } } } },
      },
    };
    const body = `{"display_name":"r","pipeline_spec":{"pipeline_spec":${SPEC_TEXT},"platform_spec":${JSON.stringify(platform)}}}`;
    const answer = await callJson(server, 'POST', `${V2}/runs`, body);
    const message = expectError(answer, 400, 'SKIFF_IR_SCHEMA');
    expect(message).toContain(
      'platforms.kubernetes.deploymentSpec.executors.exec-write.secretAsEnv[0].secretName is 5 (number), expected string',
    );
  });

  it('answers a path the router cannot read (over-long or badly encoded segment) with a coded 400', async () => {
    const long = await callJson(server, 'GET', `${V2}/runs/${'x'.repeat(3000)}`);
    expect(expectError(long, 400, 'SKIFF_API_BAD_REQUEST')).toContain('longer than 2048 characters');
    const encoded = await callJson(server, 'GET', `${V2}/runs/%E0%A4%A`);
    expect(expectError(encoded, 400, 'SKIFF_API_BAD_REQUEST')).toContain('percent-encoded');
    const name = await callJson(server, 'GET', `${V2}/pipelines/names/${'n'.repeat(256)}`);
    expectError(name, 404, 'SKIFF_API_NOT_FOUND');
  });
});
