import fc from 'fast-check';

/**
 * Random and mutated requests for every route of `skiff server` (property-based API fuzzing), and
 * the invariant each answer must keep. Shared by test/server-fuzz.test.ts (Fastify inject) and
 * bench/api-fuzz.mjs (a real server over HTTP).
 */

/** One request: method, URL (path and query, possibly malformed), headers and a raw body. */
export interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** Ids of objects that exist on the server, so that fuzzed requests also reach past the lookups. */
export interface FuzzIds {
  readonly pipelineId: string;
  readonly versionId: string;
  readonly experimentId: string;
  readonly runId: string;
  readonly taskPath: string;
  readonly artifactId: string;
  readonly recurringRunId: string;
}

/** Every route of the server as `METHOD path` with `:params` (test/server-fuzz.test.ts checks the list is whole). */
export const ROUTES: readonly string[] = [
  'GET /healthz',
  'GET /apis/v2beta1/healthz',
  'GET /system/project-id',
  'GET /system/cluster-name',
  'GET /pipeline/system/project-id',
  'GET /pipeline/system/cluster-name',
  'POST /apis/v2beta1/pipelines',
  'POST /apis/v2beta1/pipelines/create',
  'POST /apis/v2beta1/pipelines/upload',
  'POST /apis/v2beta1/pipelines/upload_version',
  'GET /apis/v2beta1/pipelines',
  'GET /apis/v2beta1/pipelines/names/:name',
  'GET /apis/v2beta1/pipelines/:pipeline_id',
  'DELETE /apis/v2beta1/pipelines/:pipeline_id',
  'POST /apis/v2beta1/pipelines/:pipeline_id/versions',
  'GET /apis/v2beta1/pipelines/:pipeline_id/versions',
  'GET /apis/v2beta1/pipelines/:pipeline_id/versions/:version_id',
  'DELETE /apis/v2beta1/pipelines/:pipeline_id/versions/:version_id',
  'POST /apis/v2beta1/experiments',
  'GET /apis/v2beta1/experiments',
  'GET /apis/v2beta1/experiments/:experiment_id',
  'POST /apis/v2beta1/experiments/:action',
  'DELETE /apis/v2beta1/experiments/:experiment_id',
  'POST /apis/v2beta1/runs',
  'GET /apis/v2beta1/runs',
  'GET /apis/v2beta1/runs/:run_id',
  'POST /apis/v2beta1/runs/:run_action',
  'DELETE /apis/v2beta1/runs/:run_id',
  'POST /apis/v2beta1/recurringruns',
  'GET /apis/v2beta1/recurringruns',
  'GET /apis/v2beta1/recurringruns/:id',
  'POST /apis/v2beta1/recurringruns/:id_action',
  'DELETE /apis/v2beta1/recurringruns/:id',
  'GET /apis/skiff/v1/runs',
  'GET /apis/skiff/v1/experiments/recent-runs',
  'GET /apis/skiff/v1/pipeline-summaries',
  'GET /apis/skiff/v1/runs/:run_id',
  'GET /apis/skiff/v1/runs/:run_id/tasks/:task_id',
  'GET /apis/skiff/v1/runs/:run_id/artifacts',
  'GET /apis/skiff/v1/runs/:run_id/tasks/:task_id/attempts',
  'GET /apis/skiff/v1/runs/:run_id/tasks/:task_id/logs',
  'GET /apis/skiff/v1/runs/:run_id/tasks/:task_id/logs/search',
  'GET /apis/skiff/v1/runs/:run_id/events',
  'GET /apis/skiff/v1/artifacts/:artifact_id',
  'GET /apis/skiff/v1/artifacts/:artifact_id/info',
  'GET /apis/skiff/v1/config',
  'GET /apis/skiff/v1/config/locations',
];

/** A tiny valid pipeline spec (one `true` task, a LIST parameter) for valid-then-mutated bodies. */
export const FUZZ_SPEC = {
  pipelineInfo: { name: 'fuzz' },
  schemaVersion: '2.1.0',
  sdkVersion: 'kfp-2.14.0',
  root: {
    inputDefinitions: { parameters: { p: { parameterType: 'LIST', defaultValue: [], isOptional: true } } },
    dag: { tasks: { t: { taskInfo: { name: 't' }, componentRef: { name: 'comp-t' } } } },
  },
  components: { 'comp-t': { executorLabel: 'exec-t' } },
  deploymentSpec: { executors: { 'exec-t': { container: { image: 'alpine', command: ['true'] } } } },
};

const QUERY_NAMES = [
  'page_size',
  'page_token',
  'filter',
  'sort_by',
  'namespace',
  'experiment_id',
  'cascade',
  'name',
  'display_name',
  'description',
  'pipelineid',
  'pipeline_id',
  'attempt',
  'tail_bytes',
  'follow',
  'q',
  'limit',
  'path',
  'metric_columns',
  'experiment_ids',
  'count',
  'pipeline_ids',
];

/** Strings that break parsers: huge, control characters, lone surrogates, percent junk, traversal. */
const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    '99999999999999999999',
    'true',
    'null',
    '[]',
    '{}',
    '../..',
    '%',
    '%ZZ',
    '%C3%28',
    '\u0000',
    '\ud800',
    'a:b',
    ':archive',
    '"',
  ),
  fc.nat({ max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
);

/** Percent-encodes any text, lone surrogates included (as U+FFFD, which is what a client sends). */
const encode = (text: string) =>
  encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

/** A value nested `depth` levels deep (a list or an object chain), as JSON text. */
const deepJson = fc
  .tuple(fc.integer({ min: 150, max: 20_000 }), fc.boolean())
  .map(([depth, asList]) =>
    asList ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

const segment = (valid: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(valid) },
    { weight: 2, arbitrary: nastyText.map((t) => encode(t.slice(0, 2000))) },
    fc.constantFrom(
      `${valid}:archive`,
      `${valid}:unarchive`,
      `${valid}:retry`,
      `${valid}:terminate`,
      `${valid}:enable`,
      `${valid}:disable`,
      `${valid}:`,
      '%ZZ',
      '%C3%28',
    ),
  );

/** The path of `route` with each `:param` filled from `ids`, or with junk. */
function pathOf(route: string, ids: FuzzIds): fc.Arbitrary<string> {
  const valid: Record<string, string> = {
    name: 'fuzz-pipeline',
    pipeline_id: ids.pipelineId,
    version_id: ids.versionId,
    experiment_id: ids.experimentId,
    action: ids.experimentId,
    run_id: ids.runId,
    run_action: ids.runId,
    id: ids.recurringRunId,
    id_action: ids.recurringRunId,
    task_id: ids.taskPath,
    artifact_id: ids.artifactId,
  };
  const parts = route
    .split('/')
    .map((part) => (part.startsWith(':') ? segment(valid[part.slice(1)] ?? 'x') : fc.constant(part)));
  return fc.tuple(...parts).map((filled) => filled.join('/'));
}

/** A query string: known and unknown names, repeated names, raw (possibly malformed) encodings. */
const queryString = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 })), nastyText, fc.boolean()),
    { maxLength: 5 },
  )
  .map((pairs) =>
    pairs
      .map(
        ([name, value, raw]) =>
          `${encode(name)}=${raw ? value.slice(0, 100).replace(/[#\s]/g, '') : encode(value)}`,
      )
      .join('&'),
  );

/** A body: valid-looking JSON mutated at one place, random JSON, deep nesting, invalid UTF-8, junk, multipart. */
function bodyOf(ids: FuzzIds): fc.Arbitrary<{ body: Buffer; type: string }> {
  const valid = [
    { display_name: 'r', pipeline_spec: FUZZ_SPEC, runtime_config: { parameters: { p: [1] } } },
    { display_name: 'e', description: 'd' },
    { pipeline: { name: 'p' }, pipeline_version: { pipeline_spec: FUZZ_SPEC } },
    {
      name: 'v',
      pipeline_spec: { pipeline_spec: FUZZ_SPEC, platform_spec: { platforms: { kubernetes: {} } } },
    },
    {
      display_name: 'rr',
      mode: 'DISABLE',
      pipeline_version_reference: { pipeline_id: ids.pipelineId, pipeline_version_id: ids.versionId },
      trigger: { cron_schedule: { cron: '0 0 * * * *' } },
    },
  ];
  const mutated = fc
    .tuple(
      fc.constantFrom(...valid),
      fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), nastyText, deepJson),
    )
    .map(([base, steps, value]) => JSON.stringify(mutate(base, steps, value)) ?? 'null');
  const text = fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: deepJson },
    {
      weight: 1,
      arbitrary: deepJson.map(
        (deep) =>
          `{"display_name":"x","pipeline_spec":${JSON.stringify(FUZZ_SPEC).replace('"defaultValue":[]', `"defaultValue":${deep}`)}}`,
      ),
    },
    { weight: 1, arbitrary: nastyText },
    {
      weight: 1,
      arbitrary: mutated.chain((json) => fc.nat({ max: json.length }).map((cut) => json.slice(0, cut))),
    },
  );
  const json = fc
    .tuple(
      text,
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'garbage/ /x',
      ),
    )
    .map(([t, type]) => ({ body: Buffer.from(t), type }));
  const invalidUtf8 = fc.uint8Array({ maxLength: 200 }).map((bytes) => ({
    body: Buffer.concat([
      Buffer.from('{"display_name":"'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]),
    type: 'application/json',
  }));
  const multipart = fc
    .tuple(
      fc.constantFrom('uploadfile', 'other', ''),
      fc.oneof(fc.constant(JSON.stringify(FUZZ_SPEC)), text),
      fc.nat({ max: 3 }),
      fc.boolean(),
    )
    .map(([field, content, parts, boundary]) => {
      const part = `--B\r\nContent-Disposition: form-data; name="${field}"; filename="p.json"\r\n\r\n${content}\r\n`;
      const whole = `${part.repeat(parts)}--B--\r\n`;
      return {
        body: Buffer.from(whole),
        type: boundary ? 'multipart/form-data; boundary=B' : 'multipart/form-data',
      };
    });
  return fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 2, arbitrary: multipart },
  );
}

/** `base` with the value at a path (chosen by `steps`) replaced by `value`. */
function mutate(base: unknown, steps: readonly number[], value: unknown): unknown {
  if (steps.length === 0 || typeof base !== 'object' || base === null) return value;
  const [step = 0, ...rest] = steps;
  if (Array.isArray(base)) {
    if (base.length === 0) return [value];
    const copy = [...base];
    copy[step % copy.length] = mutate(copy[step % copy.length], rest, value);
    return copy;
  }
  const keys = Object.keys(base);
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  if (keys.length === 0 || step % 7 === 6) {
    copy[`extra_${step}`] = value;
    return copy;
  }
  const key = keys[step % keys.length]!;
  copy[key] = mutate(copy[key], rest, value);
  return copy;
}

/** A random request to one of ROUTES (or a near miss: another method, a junk path). */
export function fuzzRequest(ids: FuzzIds): fc.Arbitrary<FuzzRequest> {
  const route = fc.constantFrom(...ROUTES);
  return fc
    .tuple(
      route.chain((r) => {
        const [method = 'GET', path = '/'] = r.split(' ');
        return fc.tuple(
          fc.oneof(
            { weight: 8, arbitrary: fc.constant(method) },
            fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
          ),
          pathOf(path, ids),
        );
      }),
      queryString,
      fc.option(bodyOf(ids), { freq: 3 }),
      fc.record(
        {
          range: fc.oneof(
            fc.constantFrom(
              'bytes=0-3',
              'bytes=-2',
              'bytes=5-1',
              'bytes=a-b',
              'bytes=0-99999999999999999999',
            ),
            nastyText.map((t) => t.slice(0, 100)),
          ),
          accept: fc.constantFrom('*/*', 'text/event-stream', 'application/json'),
          'content-encoding': fc.constantFrom('gzip', 'identity', 'br'),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([[method, path], query, body, extra]) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(extra)) headers[name] = value.replace(/[^\x20-\x7e]/g, '');
      if (body) headers['content-type'] = body.type;
      const url = query === '' ? path : `${path}?${query}`;
      return body && method !== 'GET' && method !== 'HEAD'
        ? { method, url, headers, body: body.body }
        : { method, url, headers };
    });
}

/**
 * What is wrong with an answer (undefined when nothing): a 5xx, or an error body that is not
 * KFP's google.rpc.Status shape with a Skiff code, or that carries a stack trace.
 */
export function answerProblem(
  request: FuzzRequest,
  status: number,
  contentType: string | undefined,
  body: string,
): string | undefined {
  if (status >= 500) return `status ${status}: ${body.slice(0, 300)}`;
  // A HEAD answer has no body to check.
  if (request.method === 'HEAD') return undefined;
  if (/\n\s+at \S+ \(|RangeError|TypeError: /.test(body))
    return `a stack trace or JS error in the body: ${body.slice(0, 300)}`;
  if (status < 400 || (status === 404 && !contentType?.includes('json'))) return undefined;
  if (status === 416) return undefined;
  let json: {
    code?: unknown;
    message?: unknown;
    details?: { reason?: unknown; metadata?: { fix?: unknown } }[];
  };
  try {
    json = JSON.parse(body);
  } catch {
    return `status ${status} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  // The system endpoints answer 404 with their own {reason, cloud_metadata} (KFP's UI server shape).
  if (status === 404 && 'cloud_metadata' in json) return undefined;
  const detail = json.details?.[0];
  if (typeof json.code !== 'number' || typeof json.message !== 'string')
    return `status ${status} without code and message: ${body.slice(0, 200)}`;
  if (typeof detail?.reason !== 'string' || !detail.reason.startsWith('SKIFF_'))
    return `status ${status} without a SKIFF_ reason: ${body.slice(0, 200)}`;
  if (typeof detail.metadata?.fix !== 'string')
    return `status ${status} without a fix: ${body.slice(0, 200)}`;
  return undefined;
}

/** A JSON API call of the fuzzing client: status and parsed answer. */
export type FuzzCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: Record<string, unknown> }>;

/**
 * Creates one object of each kind through the API (a pipeline uploaded with `upload`, its version,
 * an experiment, a finished run with an artifact, a disabled recurring run) and answers their ids.
 */
export async function seedFuzzIds(
  call: FuzzCall,
  upload: (path: string, text: string, fileName: string) => Promise<Record<string, unknown>>,
): Promise<FuzzIds> {
  // biome-ignore lint/suspicious/noExplicitAny: the spec is edited and read as plain JSON.
  const spec = structuredClone(FUZZ_SPEC) as any;
  spec.components['comp-t'].outputDefinitions = {
    artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
  };
  spec.deploymentSpec.executors['exec-t'].container = {
    image: 'alpine',
    command: ['sh', '-c', 'echo log; mkdir -p "$(dirname "$0")"; printf data > "$0"'],
    args: ["{{$.outputs.artifacts['data'].path}}"],
  };
  const pipeline = await upload(
    '/apis/v2beta1/pipelines/upload?name=fuzz-pipeline',
    JSON.stringify(spec),
    'fuzz.json',
  );
  const pipelineId = String(pipeline.pipeline_id);
  const versions = (await call('GET', `/apis/v2beta1/pipelines/${pipelineId}/versions`)).json;
  const experiment = (await call('POST', '/apis/v2beta1/experiments', { display_name: 'fuzz' })).json;
  const run = (await call('POST', '/apis/v2beta1/runs', { display_name: 'fuzz', pipeline_spec: spec })).json;
  // biome-ignore lint/suspicious/noExplicitAny: the run's JSON is read field by field.
  let details: any;
  do {
    await new Promise((resolve) => setTimeout(resolve, 50));
    details = (await call('GET', `/apis/v2beta1/runs/${String(run.run_id)}`)).json;
  } while (details.state === 'PENDING' || details.state === 'RUNNING');
  if (details.state !== 'SUCCEEDED')
    throw new Error(`the seed run ended ${details.state}: ${details.error?.message}`);
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const task = details.run_details.task_details.find((t: any) => t.display_name === 't');
  const recurring = await call('POST', '/apis/v2beta1/recurringruns', {
    display_name: 'fuzz',
    mode: 'DISABLE',
    pipeline_spec: spec,
    trigger: { periodic_schedule: { interval_second: '3600' } },
  });
  return {
    pipelineId,
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    versionId: String((versions.pipeline_versions as any[])[0]?.pipeline_version_id),
    experimentId: String(experiment.experiment_id),
    runId: String(run.run_id),
    taskPath: 't',
    artifactId: String(task.outputs.artifacts.data[0].id),
    recurringRunId: String(recurring.json.recurring_run_id),
  };
}
