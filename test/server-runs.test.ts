import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer } from './support/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the API under test are read field by field.
type Json = Record<string, any>;

const hello = JSON.parse(
  pipeline(
    'api-hello',
    {
      say: {
        inputs: { text: 'STRING' },
        outputs: { Output: 'STRING' },
        script: 'mkdir -p "$(dirname "$1")"; printf "%s" "$0" > "$1"',
      },
    },
    {
      tasks: { say: task('say', { inputs: { parameters: { text: { componentInputParameter: 'text' } } } }) },
      inputs: { text: 'STRING' },
      outputs: {
        parameters: {
          said: { valueFromParameter: { producerSubtask: 'say', outputParameterKey: 'Output' } },
        },
      },
      outputTypes: { said: 'STRING' },
    },
  ),
);
hello.deploymentSpec.executors['exec-say'].container.args = [
  "{{$.inputs.parameters['text']}}",
  "{{$.outputs.parameters['Output'].output_file}}",
];
/** `hello` with an optional integer pipeline parameter `count` as well. */
const withCount = structuredClone(hello);
withCount.root.inputDefinitions.parameters.count = { parameterType: 'NUMBER_INTEGER', isOptional: true };

/** A task that fails its first two attempts, with retryPolicy maxRetryCount 10 (the seed scenario). */
function flaky(counter: string): Json {
  const spec = JSON.parse(
    pipeline(
      'api-flaky',
      {
        flaky: {
          script: `n=$(cat '${counter}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${counter}'; echo "attempt $n"; [ "$n" -ge 3 ]`,
        },
      },
      { tasks: { flaky: task('flaky', { retryPolicy: { maxRetryCount: 10, backoffDuration: '0s' } }) } },
    ),
  );
  return spec;
}

const sleeper = JSON.parse(
  pipeline('api-sleep', { nap: { script: 'sleep 60' } }, { tasks: { nap: task('nap') } }),
);

async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

/** The runs API suite, on a metadata store given by `env()` (SQLite by default, or PostgreSQL). */
function runsApiSuite(store: string, env: StoreEnv): void {
  describe(`KFP v2beta1 runs over real HTTP (${store})`, () => {
    let server: Server;
    const post = (path: string, body: unknown) =>
      server.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    async function poll(runId: string, until: (run: Json) => boolean, timeoutMs = 30_000): Promise<Json> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = await json(await server.request(`/apis/v2beta1/runs/${runId}`));
        if (until(run)) return run;
        if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.state}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const final = (run: Json) => ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(run.state);

    beforeAll(async () => {
      server = await startTestServer(await env());
    });
    afterAll(async () => server?.close());

    it('creates a run from an inline pipeline_spec, runs it, and returns task details', async () => {
      const created = await post('/apis/v2beta1/runs', {
        display_name: 'hello via api',
        pipeline_spec: hello,
        runtime_config: { parameters: { text: 'hi there' } },
      });
      expect(created.status).toBe(200);
      const run = await json(created);
      expect(run).toMatchObject({ display_name: 'hello via api', storage_state: 'AVAILABLE' });
      expect(run.run_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(run.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
      const done = await poll(run.run_id, final);
      expect(done.state).toBe('SUCCEEDED');
      expect(done.pipeline_spec.pipelineInfo.name).toBe('api-hello');
      const say = done.run_details.task_details.find((t: Json) => t.display_name === 'say');
      expect(say).toMatchObject({ state: 'SUCCEEDED', outputs: { parameters: { Output: 'hi there' } } });
      expect(say.skiff_attempts).toHaveLength(1);
      expect(done.skiff_storage.pipelineRoot).toContain('file://');
    });

    it('runs the seed scenario: a flaky task with retryPolicy succeeds on attempt 3, every attempt visible', async () => {
      const counter = join(mkdtempSync(join(tmpdir(), 'skiff-api-flaky-')), 'n');
      const run = await json(
        await post('/apis/v2beta1/runs', { display_name: 'flaky', pipeline_spec: flaky(counter) }),
      );
      const done = await poll(run.run_id, final);
      expect(done.state).toBe('SUCCEEDED');
      const attempts = done.run_details.task_details.find(
        (t: Json) => t.display_name === 'flaky',
      ).skiff_attempts;
      expect(attempts.map((a: Json) => [a.number, a.state, a.failure_kind ?? null])).toEqual([
        [1, 'FAILED', 'USER'],
        [2, 'FAILED', 'USER'],
        [3, 'SUCCEEDED', null],
      ]);
    });

    it('terminates a running run: it ends CANCELED', async () => {
      const run = await json(
        await post('/apis/v2beta1/runs', { display_name: 'nap', pipeline_spec: sleeper }),
      );
      await poll(run.run_id, (r) => r.run_details?.task_details?.some((t: Json) => t.state === 'RUNNING'));
      const started = Date.now();
      expect((await post(`/apis/v2beta1/runs/${run.run_id}:terminate`, {})).status).toBe(200);
      const done = await poll(run.run_id, final);
      expect(done.state).toBe('CANCELED');
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it('retries a failed run: succeeded tasks are kept, failed ones run again, every earlier attempt and its log kept', async () => {
      const counter = join(mkdtempSync(join(tmpdir(), 'skiff-api-retry-')), 'n');
      const spec = JSON.parse(
        pipeline(
          'api-retry',
          {
            first: { script: 'echo first' },
            // Fails its first two attempts (both of the first execution: maxRetryCount 1).
            second: {
              script: `n=$(cat '${counter}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${counter}'; echo "second try $n"; [ "$n" -ge 3 ]`,
            },
          },
          {
            tasks: {
              first: task('first'),
              second: task('second', {
                dependentTasks: ['first'],
                retryPolicy: { maxRetryCount: 1, backoffDuration: '0s' },
              }),
            },
          },
        ),
      );
      const run = await json(
        await post('/apis/v2beta1/runs', { display_name: 'retry me', pipeline_spec: spec }),
      );
      const failed = await poll(run.run_id, final);
      expect(failed.state).toBe('FAILED');
      const firstId = failed.run_details.task_details.find((t: Json) => t.display_name === 'first').task_id;
      expect((await post(`/apis/v2beta1/runs/${run.run_id}:retry`, {})).status).toBe(200);
      const done = await poll(run.run_id, (r) => r.state === 'SUCCEEDED' || r.state === 'FAILED');
      expect(done.state).toBe('SUCCEEDED');
      const first = done.run_details.task_details.find((t: Json) => t.display_name === 'first');
      expect(first.task_id).toBe(firstId);
      expect(first.skiff_attempts.map((a: Json) => [a.number, a.retry_round])).toEqual([[1, 0]]);

      const secondUrl = `/apis/skiff/v1/runs/${run.run_id}/tasks/second`;
      const listed = await json(await server.request(`${secondUrl}/attempts`));
      expect(listed.attempts.map((a: Json) => [a.number, a.retry_round, a.state, a.failure_kind])).toEqual([
        [1, 0, 'FAILED', 'USER'],
        [2, 0, 'FAILED', 'USER'],
        [3, 1, 'SUCCEEDED', null],
      ]);
      expect(listed.attempts[1].next_retry_time).toBeNull();
      const second = done.run_details.task_details.find((t: Json) => t.display_name === 'second');
      expect(second.skiff_attempts.map((a: Json) => a.number)).toEqual([1, 2, 3]);
      for (const n of [1, 3]) {
        const log = await server.request(`${secondUrl}/logs?attempt=${n}`);
        expect(log.status).toBe(200);
        expect(await log.text()).toContain(`second try ${n}`);
      }
      expect((await post(`/apis/v2beta1/runs/${run.run_id}:retry`, {})).status).toBe(400);
    });

    it('archives, unarchives and deletes a run', async () => {
      const run = await json(
        await post('/apis/v2beta1/runs', {
          display_name: 'tidy',
          pipeline_spec: hello,
          runtime_config: { parameters: { text: 'x' } },
        }),
      );
      await poll(run.run_id, final);
      await post(`/apis/v2beta1/runs/${run.run_id}:archive`, {});
      expect((await json(await server.request(`/apis/v2beta1/runs/${run.run_id}`))).storage_state).toBe(
        'ARCHIVED',
      );
      await post(`/apis/v2beta1/runs/${run.run_id}:unarchive`, {});
      expect((await json(await server.request(`/apis/v2beta1/runs/${run.run_id}`))).storage_state).toBe(
        'AVAILABLE',
      );
      expect((await server.request(`/apis/v2beta1/runs/${run.run_id}`, { method: 'DELETE' })).status).toBe(
        200,
      );
      expect((await server.request(`/apis/v2beta1/runs/${run.run_id}`)).status).toBe(404);
    });

    it.each([
      ['malformed JSON', '{"display_name": ', /SKIFF_API_BAD_REQUEST/],
      ['an unknown field', { display_name: 'x', pipeline_spec: hello, colour: 'red' }, /colour/],
      ['a wrong type', { display_name: 7, pipeline_spec: hello }, /display_name/],
      ['no spec at all', { display_name: 'x' }, /pipeline_spec/],
      [
        'an invalid spec',
        { display_name: 'x', pipeline_spec: { pipelineInfo: { name: 'p' }, root: {} } },
        /SKIFF_IR_/,
      ],
      ['a missing required parameter', { display_name: 'x', pipeline_spec: hello }, /SKIFF_ARG_MISSING/],
      [
        'a parameter of the wrong type',
        {
          display_name: 'x',
          pipeline_spec: withCount,
          runtime_config: { parameters: { text: 'a', count: 'five' } },
        },
        /SKIFF_ARG_TYPE/,
      ],
      [
        'a root no provider serves',
        {
          display_name: 'x',
          pipeline_spec: hello,
          runtime_config: { parameters: { text: 'a' }, pipeline_root: 'minio://b/p' },
        },
        /SKIFF_STORAGE_NO_PROVIDER/,
      ],
    ])('answers 400 naming the problem for %s, and creates no run', async (_, body, message) => {
      const response = await post('/apis/v2beta1/runs', body);
      expect(response.status).toBe(400);
      const error = await json(response);
      expect(error.code).toBe(3);
      expect(error.message).toMatch(message);
    });

    it('lists runs with filter, sort_by, page_size and page tokens, and refuses bad ones', async () => {
      const experiment = await json(await post('/apis/v2beta1/experiments', { display_name: 'listing' }));
      const experimentId = experiment.experiment_id;
      const names: string[] = [];
      for (let i = 0; i < 7; i++) {
        const body = {
          display_name: `listed-${i}`,
          experiment_id: experimentId,
          pipeline_spec: hello,
          runtime_config: { parameters: { text: 'x' } },
        };
        names.push((await json(await post('/apis/v2beta1/runs', body))).display_name);
      }
      const seen: string[] = [];
      let token = '';
      for (let page = 0; page < 5; page++) {
        const query = `experiment_id=${experimentId}&page_size=3&sort_by=${encodeURIComponent('created_at desc')}${token ? `&page_token=${token}` : ''}`;
        const listed = await json(await server.request(`/apis/v2beta1/runs?${query}`));
        expect(listed.total_size).toBe(7);
        seen.push(...listed.runs.map((r: Json) => r.display_name));
        if (!listed.next_page_token) break;
        token = encodeURIComponent(listed.next_page_token);
      }
      expect(seen).toEqual([...names].reverse());
      const filter = encodeURIComponent(
        JSON.stringify({
          predicates: [
            { key: 'display_name', operation: 'IN', stringValues: { values: ['listed-1', 'listed-4'] } },
          ],
        }),
      );
      const some = await json(
        await server.request(`/apis/v2beta1/runs?filter=${filter}&sort_by=display_name`),
      );
      expect(some.runs.map((r: Json) => r.display_name)).toEqual(['listed-1', 'listed-4']);
      const bad = await server.request(
        `/apis/v2beta1/runs?filter=${encodeURIComponent('{"predicates": [{"key": "colour"')}`,
      );
      expect(bad.status).toBe(400);
      expect((await json(bad)).details[0].reason).toBe('SKIFF_API_BAD_FILTER');
      const tampered = await server.request('/apis/v2beta1/runs?page_token=bm90LWEtdG9rZW4');
      expect(tampered.status).toBe(400);
      expect((await json(tampered)).details[0].reason).toBe('SKIFF_API_BAD_PAGE_TOKEN');
    });

    it('puts a run without experiment_id in the Default experiment, and refuses an unknown experiment', async () => {
      const body = { display_name: 'x', pipeline_spec: hello, runtime_config: { parameters: { text: 'a' } } };
      const run = await json(await post('/apis/v2beta1/runs', body));
      const experiments = await json(await server.request('/apis/v2beta1/experiments'));
      const defaultExperiment = experiments.experiments.find((e: Json) => e.display_name === 'Default');
      expect(run.experiment_id).toBe(defaultExperiment.experiment_id);
      const unknown = await post('/apis/v2beta1/runs', { ...body, experiment_id: 'no-such-experiment' });
      expect(unknown.status).toBe(404);
    });

    it('creates a run from an uploaded pipeline version (pipeline_version_reference)', async () => {
      const form = new FormData();
      form.append('uploadfile', new Blob([JSON.stringify(hello)]), 'hello.json');
      const uploaded = await server.request('/apis/v2beta1/pipelines/upload?name=hello-pipe', {
        method: 'POST',
        body: form,
      });
      expect(uploaded.status).toBe(200);
      const pipelineId = (await json(uploaded)).pipeline_id;
      const versions = await json(await server.request(`/apis/v2beta1/pipelines/${pipelineId}/versions`));
      const versionId = versions.pipeline_versions[0].pipeline_version_id;
      const run = await json(
        await post('/apis/v2beta1/runs', {
          display_name: 'from version',
          pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId },
          runtime_config: { parameters: { text: 'versioned' } },
        }),
      );
      expect(run.pipeline_version_reference).toEqual({
        pipeline_id: pipelineId,
        pipeline_version_id: versionId,
      });
      const done = await poll(run.run_id, final);
      expect(done.state).toBe('SUCCEEDED');
      const wrongPair = await post('/apis/v2beta1/runs', {
        display_name: 'x',
        pipeline_version_reference: { pipeline_id: 'other', pipeline_version_id: versionId },
      });
      expect(wrongPair.status).toBe(404);
    });

    it('answers 404 for an unknown run id on get, terminate, retry and delete', async () => {
      expect((await server.request('/apis/v2beta1/runs/no-such-run')).status).toBe(404);
      expect((await post('/apis/v2beta1/runs/no-such-run:terminate', {})).status).toBe(404);
      expect((await post('/apis/v2beta1/runs/no-such-run:retry', {})).status).toBe(404);
      expect((await server.request('/apis/v2beta1/runs/no-such-run', { method: 'DELETE' })).status).toBe(404);
    });
  });
}

await onEachMetadataStore('KFP v2beta1 runs over real HTTP', 'runs_api', runsApiSuite);
