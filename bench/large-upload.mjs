// A large pipeline through the API: a compiled-style spec with N components (each with its own
// executor and task) sent to `skiff server` (its own process) as
//   upload   POST /apis/v2beta1/pipelines/upload (multipart YAML, as kfp.Client.upload_pipeline)
//   create   POST /apis/v2beta1/pipelines/create (the same spec inline as JSON)
//   run      POST /apis/v2beta1/runs (inline JSON; the run is terminated at once)
// while this process asks GET /healthz every 50 ms. Prints, per request: its status and wall time,
// the slowest /healthz answer while it was in flight, and the server's peak RSS (VmHWM); then its
// RSS once the spec worker has stopped for want of work.
// Usage: npm run build && node bench/large-upload.mjs [components=10000] [upload,create,run]
// (10,000 is the most a spec may have; more is read, then refused with SKIFF_IR_TOO_LARGE.)
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { importTestSupport, machine, startSkiffServer, tempDir } from './lib.mjs';

const count = Number(process.argv[2] ?? 10_000);
const which = (process.argv[3] ?? 'upload,create,run').split(',');
const { wideSpec } = await importTestSupport('wide-spec');
const doc = wideSpec('wide', count);
const yamlText = stringify(doc);
const jsonText = JSON.stringify(doc);
const server = await startSkiffServer(tempDir('skiff-bench-upload-'));
const V2 = `${server.url}/apis/v2beta1`;

/** Peak and current resident set of the server process, in MiB. */
function rss() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMiB: Math.round(kib('VmHWM') / 1024), nowMiB: Math.round(kib('VmRSS') / 1024) };
}

/** Runs `send` while probing /healthz; resolves to the figures. */
async function measure(label, send) {
  let done = false;
  let slowestMs = 0;
  let probes = 0;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
      slowestMs = Math.max(slowestMs, performance.now() - started);
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const response = await send();
  const text = await response.text();
  const wallMs = performance.now() - started;
  done = true;
  await probe;
  const figures = {
    label,
    status: response.status,
    wallMs: Math.round(wallMs),
    healthSlowestMs: Math.round(slowestMs),
    healthProbes: probes,
    ...rss(),
  };
  console.log(JSON.stringify(figures), response.status === 200 ? '' : text.slice(0, 300));
  return text;
}

console.log(
  `# ${await machine()}; ${count} components: YAML ${(yamlText.length / 2 ** 20).toFixed(1)} MiB, JSON ${(jsonText.length / 2 ** 20).toFixed(1)} MiB`,
);
try {
  if (which.includes('upload')) {
    await measure('upload', () => {
      const form = new FormData();
      form.append('uploadfile', new Blob([yamlText]), 'wide.yaml');
      return fetch(`${V2}/pipelines/upload`, { method: 'POST', body: form });
    });
  }
  if (which.includes('create')) {
    await measure('create', () =>
      fetch(`${V2}/pipelines/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"pipeline":{"name":"wide-json"},"pipeline_version":{"name":"v1","pipeline_spec":${jsonText}}}`,
      }),
    );
  }
  if (which.includes('run')) {
    const text = await measure('run', () =>
      fetch(`${V2}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"display_name":"wide","pipeline_spec":${jsonText}}`,
      }),
    );
    const runId = JSON.parse(text).run_id;
    if (runId) await fetch(`${V2}/runs/${runId}:terminate`, { method: 'POST' });
  }
  // The spec worker stops once idle (5 s), giving its heap back.
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  console.log(JSON.stringify({ label: 'idle 7 s later', ...rss() }));
} finally {
  await server.stop();
}
