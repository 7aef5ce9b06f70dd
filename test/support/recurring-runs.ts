/** Pipelines, calls and probes shared by the recurring runs API tests. */

import { expect } from 'vitest';
import type { RunRecord } from '../../src/metadata/index.js';
import { from, pipeline, task } from './ir-builder.js';
import type { startTestServer } from './server.js';

/** A test server. */
export type Server = Awaited<ReturnType<typeof startTestServer>>;
// biome-ignore lint/suspicious/noExplicitAny: API responses are probed field by field
export type Json = Record<string, any>;

/** The KFP v2beta1 API prefix. */
export const V2 = '/apis/v2beta1';

/** Echoes its `text` parameter. */
export const echo = JSON.parse(
  pipeline(
    'rr-echo',
    { say: { inputs: { text: 'STRING' }, script: 'echo "$0"', args: ["{{$.inputs.parameters['text']}}"] } },
    {
      tasks: { say: task('say', { inputs: { parameters: { text: { componentInputParameter: 'text' } } } }) },
      inputs: { text: 'STRING' },
    },
  ),
);
/** Writes what `{{$.pipeline_job_schedule_time_utc}}` gave it, as an input constant and in its args. */
export const stamper = JSON.parse(
  pipeline(
    'rr-stamp',
    {
      stamp: {
        inputs: { given: 'STRING' },
        outputs: { fromInput: 'STRING', fromArgs: 'STRING' },
        script: 'mkdir -p "$(dirname "$2")" "$(dirname "$3")"; printf %s "$0" > "$2"; printf %s "$1" > "$3"',
        args: [
          "{{$.inputs.parameters['given']}}",
          '{{$.pipeline_job_schedule_time_utc}}',
          "{{$.outputs.parameters['fromInput'].output_file}}",
          "{{$.outputs.parameters['fromArgs'].output_file}}",
        ],
      },
    },
    {
      tasks: {
        stamp: task('stamp', {
          inputs: { parameters: { given: from.constant('{{$.pipeline_job_schedule_time_utc}}') } },
        }),
      },
    },
  ),
);
/** Sleeps 2 s. */
export const napper = JSON.parse(
  pipeline('rr-nap', { nap: { script: 'sleep 2' } }, { tasks: { nap: task('nap') } }),
);

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The JSON body of an answer. */
export async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}
/** POST, GET and DELETE against the server `server()` returns (it may be replaced, e.g. on restart). */
export function client(server: () => Server) {
  return {
    post: (path: string, body: unknown) =>
      server().request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path: string) => server().request(path),
    del: (path: string) => server().request(path, { method: 'DELETE' }),
  };
}
/** The runs a recurring run created, oldest first (read from the server's own store). */
export async function runsOf(server: Server, id: string): Promise<RunRecord[]> {
  const all = await server.services.metadata.runs.list();
  return all.filter((run) => run.recurringRunId === id).reverse();
}
/** Polls `probe` every 100 ms until it gives a value; throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
/** The trigger time in a run name `<display_name>-<yyyyMMddHHmmss>`, as epoch seconds. */
export function stampSeconds(run: RunRecord): number {
  const stamp = /-(\d{14})$/.exec(run.displayName)?.[1] ?? '';
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12)}Z`;
  return Date.parse(iso) / 1000;
}
/** A periodic trigger every `seconds`. */
export const periodic = (seconds: number | string) => ({ periodic_schedule: { interval_second: seconds } });
/** A valid recurring-run body: echo "a" every minute. */
export const validRecurringRun = {
  display_name: 'x',
  pipeline_spec: echo,
  runtime_config: { parameters: { text: 'a' } },
  trigger: periodic(60),
};
/** Create calls that expect 200: a recurring run (its JSON) and an experiment (its id). */
export function creators(api: ReturnType<typeof client>) {
  return {
    async create(body: Json): Promise<Json> {
      const response = await api.post(`${V2}/recurringruns`, body);
      const created = await json(response);
      expect(response.status, JSON.stringify(created)).toBe(200);
      return created;
    },
    async createExperiment(name: string): Promise<string> {
      const response = await api.post(`${V2}/experiments`, { display_name: name });
      expect(response.status).toBe(200);
      return (await json(response)).experiment_id as string;
    },
  };
}
