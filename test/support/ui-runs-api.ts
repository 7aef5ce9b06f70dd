import { expect } from 'vitest';
import { callJson, type TestServer, uploadFile } from './kfp-api.js';
import { waitFor } from './recurring-runs.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);

/** Create a run of an inline spec (JSON text) through the API; resolves to its id. */
export async function createSpecRun(
  server: TestServer,
  name: string,
  spec: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await callJson(server, 'POST', '/apis/v2beta1/runs', {
    display_name: name,
    pipeline_spec: JSON.parse(spec),
    ...extra,
  });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  return String(created.json.run_id);
}

/** Wait until every run of the store has finished (up to `timeoutMs`); resolves to their states by name. */
export async function allFinished(server: TestServer, timeoutMs = 90_000): Promise<Map<string, string>> {
  return waitFor(
    'every run to finish',
    async () => {
      const list = await callJson(server, 'GET', '/apis/v2beta1/runs?page_size=1000');
      const runs = (list.json.runs ?? []) as { display_name: string; state: string }[];
      return runs.every((run) => FINAL.has(run.state))
        ? new Map(runs.map((run) => [run.display_name, run.state]))
        : undefined;
    },
    timeoutMs,
  );
}

/** Upload a spec as a new pipeline; resolves to its pipeline and version ids. */
export async function uploadPipeline(
  server: TestServer,
  name: string,
  spec: string,
): Promise<{ pipelineId: string; versionId: string }> {
  const uploaded = await uploadFile(
    server,
    `/apis/v2beta1/pipelines/upload?name=${encodeURIComponent(name)}`,
    spec,
  );
  expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(200);
  const pipelineId = String(uploaded.json.pipeline_id);
  const versions = await callJson(server, 'GET', `/apis/v2beta1/pipelines/${pipelineId}/versions`);
  const first = (versions.json.pipeline_versions as { pipeline_version_id: string }[])[0]!;
  return { pipelineId, versionId: first.pipeline_version_id };
}
