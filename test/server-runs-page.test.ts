import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeReady } from './launcher-fixture.js';
import { from, kfpPython, pipeline, task } from './support/ir-builder.js';
import { callJson, expectError, filterParam, uploadFile } from './support/kfp-api.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer, type TestServer } from './support/server.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the API under test are read field by field.
type Json = Record<string, any>;

/** train logs two scalar metrics and writes a 12-byte model; evaluate reads the model. */
const metricsSpec = pipeline(
  'metrics-page',
  {
    train: {
      inputs: { acc: 'NUMBER_DOUBLE' },
      outputArtifacts: { metrics: 'system.Metrics', model: 'system.Model' },
      ...kfpPython(
        'train',
        'def train(acc: float, metrics: Output[Metrics], model: Output[Model]):\n' +
          "    metrics.log_metric('accuracy', acc)\n" +
          "    metrics.log_metric('loss', round(1 - acc, 3))\n" +
          "    with open(model.path, 'w') as f:\n" +
          "        f.write('model-weight')\n",
      ),
    },
    evaluate: {
      inputArtifacts: { model: 'system.Model' },
      ...kfpPython('evaluate', 'def evaluate(model: Input[Model]):\n    print(open(model.path).read())\n'),
    },
  },
  {
    inputs: { acc: 'NUMBER_DOUBLE' },
    tasks: {
      train: task('train', { inputs: { parameters: { acc: from.input('acc') } } }),
      evaluate: task('evaluate', {
        dependentTasks: ['train'],
        inputs: {
          artifacts: { model: { taskOutputArtifact: { producerTask: 'train', outputArtifactKey: 'model' } } },
        },
      }),
    },
  },
);

/** One task: 1000 bytes (0123456789 × 100), a pause while the attempt runs, then "done\n". */
const talkSpec = pipeline(
  'talk',
  {
    talk: {
      script: 'i=0; while [ $i -lt 100 ]; do printf 0123456789; i=$((i+1)); done; sleep 3; echo done',
    },
  },
  { tasks: { talk: task('talk') } },
);

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);

describe.skipIf(!runtimeReady)(
  'Skiff runs page, run artifacts and log ranges over real HTTP (SQLite; skipped without the bundled Python runtime)',
  () => {
    let server: TestServer;
    const runIds: Record<string, string> = {};
    let experimentId: string;
    let pipelineId: string;
    let versionId: string;
    let live: { size: Response; range: Response; text: string; state: string };

    const get = (path: string, headers: Record<string, string> = {}) => server.request(path, { headers });
    const json = async (path: string): Promise<Json> => {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      return (await response.json()) as Json;
    };
    const createRun = async (body: Json): Promise<string> => {
      const created = await callJson(server, 'POST', '/apis/v2beta1/runs', body);
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      return String(created.json.run_id);
    };
    const finished = (runId: string) =>
      waitFor(
        `run ${runId} to finish`,
        async () => {
          const run = await json(`/apis/v2beta1/runs/${runId}`);
          return FINAL.has(run.state) ? run : undefined;
        },
        60_000,
      );

    beforeAll(async () => {
      server = await startTestServer();
      const experiment = await callJson(server, 'POST', '/apis/v2beta1/experiments', {
        display_name: 'tuning',
      });
      experimentId = String(experiment.json.experiment_id);
      const uploaded = await uploadFile(
        server,
        '/apis/v2beta1/pipelines/upload?name=metrics-pipe',
        metricsSpec,
      );
      pipelineId = String(uploaded.json.pipeline_id);
      versionId = (await json(`/apis/v2beta1/pipelines/${pipelineId}/versions`)).pipeline_versions[0]
        .pipeline_version_id;
      runIds.talk = await createRun({ display_name: 'talk', pipeline_spec: JSON.parse(talkSpec) });
      runIds.versioned = await createRun({
        display_name: 'versioned',
        experiment_id: experimentId,
        pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId },
        runtime_config: { parameters: { acc: 0.9 } },
      });
      runIds.low = await createRun({
        display_name: 'low',
        pipeline_spec: JSON.parse(metricsSpec),
        runtime_config: { parameters: { acc: 0.5 } },
      });
      runIds.mid = await createRun({
        display_name: 'mid',
        pipeline_spec: JSON.parse(metricsSpec),
        runtime_config: { parameters: { acc: 0.75 } },
      });
      // While talk's attempt sleeps, its log is live: 1000 bytes so far.
      const logs = `/apis/skiff/v1/runs/${runIds.talk}/tasks/talk/logs`;
      await waitFor(
        'the live log of talk to hold 1000 bytes',
        async () => {
          const response = await get(logs);
          return response.status === 200 && (await response.text()).length === 1000 ? true : undefined;
        },
        30_000,
      );
      const size = await get(logs);
      const range = await get(logs, { range: 'bytes=990-999' });
      const attempts = await json(`/apis/skiff/v1/runs/${runIds.talk}/tasks/talk/attempts`);
      live = { size, range, text: await range.text(), state: attempts.attempts[0].state };
      for (const id of Object.values(runIds)) expect((await finished(id)).state).toBe('SUCCEEDED');
    }, 120_000);
    afterAll(async () => server?.close());

    it('answers the runs list page in one request: names, times, duration and metric columns', async () => {
      const page = await json('/apis/skiff/v1/runs?page_size=10');
      expect(page.total_size).toBe(4);
      expect(page.next_page_token).toBeUndefined();
      expect(page.metric_columns).toEqual(['accuracy', 'loss']);
      expect(page.runs.map((run: Json) => run.display_name)).toEqual(['mid', 'low', 'versioned', 'talk']);
      const byName = Object.fromEntries(page.runs.map((run: Json) => [run.display_name, run]));
      expect(byName.versioned).toMatchObject({
        run_id: runIds.versioned,
        state: 'SUCCEEDED',
        storage_state: 'AVAILABLE',
        pipeline_id: pipelineId,
        pipeline_name: 'metrics-pipe',
        pipeline_version_id: versionId,
        pipeline_version_name: 'metrics-pipe',
        experiment_id: experimentId,
        experiment_name: 'tuning',
        recurring_run_id: null,
        recurring_run_name: null,
      });
      expect(byName.versioned.metrics).toEqual([
        { name: 'accuracy', value: 0.9, artifact_id: expect.any(String) },
        { name: 'loss', value: 0.1, artifact_id: expect.any(String) },
      ]);
      expect(byName.low.metrics.map((m: Json) => m.value)).toEqual([0.5, 0.5]);
      expect(byName.mid).toMatchObject({
        pipeline_id: null,
        pipeline_name: 'metrics-page',
        experiment_name: 'Default',
      });
      expect(byName.talk.metrics).toEqual([]);
      for (const run of page.runs) {
        expect(Date.parse(run.finished_at) - Date.parse(run.started_at)).toBe(run.duration_ms);
        expect(run.duration_ms).toBeGreaterThan(0);
      }
      expect(byName.talk.duration_ms).toBeGreaterThanOrEqual(3000);
      const one = await json('/apis/skiff/v1/runs?page_size=10&metric_columns=1');
      expect(one.metric_columns).toEqual(['accuracy']);
      expect(one.runs.find((run: Json) => run.display_name === 'low').metrics).toEqual([
        { name: 'accuracy', value: 0.5, artifact_id: expect.any(String) },
      ]);
      const none = await json('/apis/skiff/v1/runs?metric_columns=0');
      expect(none.metric_columns).toEqual([]);
      expectError(
        await callJson(server, 'GET', '/apis/skiff/v1/runs?metric_columns=11'),
        400,
        'SKIFF_API_BAD_REQUEST',
      );
    });

    it('walks every run with page tokens, once each, with KFP filter and sort semantics', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page: Json = await json(
          `/apis/skiff/v1/runs?page_size=1&sort_by=${encodeURIComponent('created_at asc')}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
        );
        expect(page.total_size).toBe(4);
        seen.push(...page.runs.map((run: Json) => run.run_id));
        token = page.next_page_token;
        pages += 1;
      } while (token !== undefined);
      expect(pages).toBe(4);
      expect(seen).toEqual([runIds.talk, runIds.versioned, runIds.low, runIds.mid]);
      expect(new Set(seen).size).toBe(4);
      // The same filter and the same answer as KFP's list.
      const filter = filterParam('display_name', 'IS_SUBSTRING', { string_value: 'l' });
      const kfp = await json(`/apis/v2beta1/runs?${filter}`);
      const skiff = await json(`/apis/skiff/v1/runs?${filter}`);
      expect(skiff.runs.map((run: Json) => run.run_id)).toEqual(kfp.runs.map((run: Json) => run.run_id));
      expect(skiff.runs.map((run: Json) => run.display_name)).toEqual(['low', 'talk']);
      // A KFP list's page token carries on in the Skiff list (same list, same keyset).
      const kfpFirst = await json('/apis/v2beta1/runs?page_size=3');
      const skiffNext = await json(
        `/apis/skiff/v1/runs?page_size=3&page_token=${encodeURIComponent(kfpFirst.next_page_token)}`,
      );
      expect([...kfpFirst.runs, ...skiffNext.runs].map((run: Json) => run.display_name)).toEqual([
        'mid',
        'low',
        'versioned',
        'talk',
      ]);
      const inExperiment = await json(`/apis/skiff/v1/runs?experiment_id=${experimentId}`);
      expect(inExperiment.runs.map((run: Json) => run.run_id)).toEqual([runIds.versioned]);
      expectError(
        await callJson(server, 'GET', '/apis/skiff/v1/runs?page_token=forged'),
        400,
        'SKIFF_API_BAD_PAGE_TOKEN',
      );
      expectError(
        await callJson(server, 'GET', '/apis/skiff/v1/runs?sort_by=nope'),
        400,
        'SKIFF_API_BAD_REQUEST',
      );
    });

    it('lists the artifacts of a run with metadata, size, producer and consumers', async () => {
      const answer = await json(`/apis/skiff/v1/runs/${runIds.low}/artifacts`);
      const run = await json(`/apis/v2beta1/runs/${runIds.low}`);
      const taskId = (path: string) =>
        run.run_details.task_details.find((t: Json) => t.display_name === path).task_id;
      const byName = Object.fromEntries(answer.artifacts.map((a: Json) => [a.name, a]));
      expect(Object.keys(byName).sort()).toEqual(['metrics', 'model']);
      expect(byName.model).toMatchObject({
        run_id: runIds.low,
        type: 'system.Model',
        uri: expect.stringMatching(/^file:\/\//),
        size_bytes: 12,
        producer: { task_id: taskId('train'), task_path: 'train', output_name: 'model' },
        consumers: [{ task_id: taskId('evaluate'), task_path: 'evaluate', input_name: 'model' }],
      });
      expect(byName.metrics).toMatchObject({
        type: 'system.Metrics',
        metadata: { accuracy: 0.5, loss: 0.5 },
        producer: { task_path: 'train', output_name: 'metrics' },
        consumers: [],
      });
      const listed = await json('/apis/skiff/v1/runs?page_size=10');
      const low = listed.runs.find((r: Json) => r.run_id === runIds.low);
      expect(low.metrics[0].artifact_id).toBe(byName.metrics.artifact_id);
      expect((await json(`/apis/skiff/v1/runs/${runIds.talk}/artifacts`)).artifacts).toEqual([]);
      expectError(
        await callJson(server, 'GET', '/apis/skiff/v1/runs/no-such-run/artifacts'),
        404,
        'SKIFF_API_NOT_FOUND',
      );
    });

    it('answers byte ranges of a live log: 206 with the current size', async () => {
      expect(live.state).toBe('RUNNING');
      expect(live.size.headers.get('accept-ranges')).toBe('bytes');
      expect(live.size.headers.get('content-length')).toBe('1000');
      expect(live.range.status).toBe(206);
      expect(live.range.headers.get('content-range')).toBe('bytes 990-999/1000');
      expect(live.text).toBe('0123456789');
    });

    it('answers byte ranges of a stored log: first, last byte, suffix, open-ended, and 416', async () => {
      const logs = `/apis/skiff/v1/runs/${runIds.talk}/tasks/talk/logs`;
      const whole = await get(logs);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('x-skiff-log-uri')).toMatch(/^file:\/\//);
      const text = await whole.text();
      expect(text).toBe(`${'0123456789'.repeat(100)}done\n`);
      const size = text.length;
      const range = async (header: string) => {
        const response = await get(logs, { range: header });
        return {
          status: response.status,
          contentRange: response.headers.get('content-range'),
          body: await response.text(),
        };
      };
      expect(await range('bytes=0-9')).toEqual({
        status: 206,
        contentRange: `bytes 0-9/${size}`,
        body: '0123456789',
      });
      expect(await range(`bytes=${size - 1}-${size - 1}`)).toEqual({
        status: 206,
        contentRange: `bytes ${size - 1}-${size - 1}/${size}`,
        body: '\n',
      });
      expect(await range(`bytes=${size - 5}-${size + 100}`)).toEqual({
        status: 206,
        contentRange: `bytes ${size - 5}-${size - 1}/${size}`,
        body: 'done\n',
      });
      const suffix = await range('bytes=-100');
      expect(suffix).toEqual({
        status: 206,
        contentRange: `bytes ${size - 100}-${size - 1}/${size}`,
        body: text.slice(-100),
      });
      expect(await range('bytes=995-')).toEqual({
        status: 206,
        contentRange: `bytes 995-${size - 1}/${size}`,
        body: '56789done\n',
      });
      expect(await range(`bytes=${size}-`)).toEqual({
        status: 416,
        contentRange: `bytes */${size}`,
        body: '',
      });
      expect((await range('bytes=5000-6000')).status).toBe(416);
      // tail_bytes keeps its meaning (a 200 with the last bytes); with a Range it is a bad request.
      const tail = await get(`${logs}?tail_bytes=5`);
      expect(tail.status).toBe(200);
      expect(await tail.text()).toBe('done\n');
      const both = await get(`${logs}?tail_bytes=5`, { range: 'bytes=0-1' });
      expectError({ status: both.status, json: (await both.json()) as Json }, 400, 'SKIFF_API_BAD_REQUEST');
    });
  },
);
