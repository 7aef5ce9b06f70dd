import type { RunArtifact } from '../../ui/src/api/skiff-types.js';
import type { TestServer } from './server.js';

// Runs for the artifact, metrics and compare browser tests: submitted through the KFP API and
// waited for, and their artifacts read as the UI reads them.

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);

/** Submit `spec` (IR JSON text) with `parameters`, wait until the run ends, and return its id and state. */
export async function runToEnd(
  server: TestServer,
  name: string,
  spec: string,
  parameters: Record<string, unknown> = {},
  timeoutMs = 90_000,
): Promise<{ readonly runId: string; readonly state: string; readonly error: unknown }> {
  const created = await server.request('/apis/v2beta1/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      display_name: name,
      pipeline_spec: JSON.parse(spec),
      runtime_config: { parameters },
    }),
  });
  const body = (await created.json()) as { run_id?: string };
  if (created.status !== 200 || body.run_id === undefined)
    throw new Error(`creating run ${name} answered ${created.status}: ${JSON.stringify(body)}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = (await (await server.request(`/apis/v2beta1/runs/${body.run_id}`)).json()) as {
      state: string;
      error?: unknown;
    };
    if (FINAL.has(run.state)) return { runId: body.run_id, state: run.state, error: run.error };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`run ${name} did not end within ${timeoutMs} ms`);
}

/** The run's artifacts by output name, as `GET /apis/skiff/v1/runs/{id}/artifacts` answers them. */
export async function artifactsByName(
  server: TestServer,
  runId: string,
): Promise<Record<string, RunArtifact>> {
  const answer = (await (await server.request(`/apis/skiff/v1/runs/${runId}/artifacts`)).json()) as {
    artifacts: RunArtifact[];
  };
  return Object.fromEntries(answer.artifacts.map((artifact) => [artifact.name, artifact]));
}

/** The hash address of an artifact's page. */
export const artifactPage = (artifact: RunArtifact) =>
  `#/artifacts/details/${encodeURIComponent(artifact.artifact_id)}?run=${encodeURIComponent(artifact.run_id)}`;

/** A 1×1 PNG. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
