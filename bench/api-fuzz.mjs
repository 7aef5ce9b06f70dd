// API fuzzing against a real `skiff server` process over HTTP, with a longer budget than the test
// (test/server-fuzz.test.ts, which uses Fastify's inject): random and mutated requests for every
// route (test/support/api-fuzz-cases.ts) until the budget is spent; after each one, /healthz must
// answer 200 within 100 ms (one of two probes in a row). Prints the number of requests tried and exits 1 on the first failure.
// Usage: npm run build && node bench/api-fuzz.mjs [seconds=300]
import fc from 'fast-check';
import { importTestSupport, machine, startSkiffServer, tempDir } from './lib.mjs';

const seconds = Number(process.argv[2] ?? 300);
// The cases are TypeScript shared with the test: bundled once (fast-check stays external).
const { answerProblem, fuzzRequest, seedFuzzIds } = await importTestSupport('api-fuzz-cases');

const home = tempDir('skiff-bench-fuzz-');
const server = await startSkiffServer(home);
const call = async (method, path, body, headers = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json().catch(() => ({})) };
};

async function upload(path, text, fileName) {
  const form = new FormData();
  form.append('uploadfile', new Blob([text]), fileName);
  return (await fetch(`${server.url}${path}`, { method: 'POST', body: form })).json();
}

let cases = 0;
let slowestHealthMs = 0;
const started = performance.now();
try {
  const ids = await seedFuzzIds(call, upload);
  await fc.assert(
    fc.asyncProperty(fuzzRequest(ids), async (request) => {
      cases++;
      // Past Node's 16 KiB header limit the server answers 431 and closes at once, which a client
      // still sending its body may see as a reset connection instead.
      const oversize = request.url.length + JSON.stringify(request.headers).length > 16_000;
      const response = await fetch(`${server.url}${request.url}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body ? { body: request.body } : {}),
        signal: AbortSignal.timeout(30_000),
      }).catch((error) => {
        if (oversize && error.message === 'fetch failed') return undefined;
        const head = JSON.stringify(request.headers);
        const body = request.body ? ` body ${JSON.stringify(request.body.subarray(0, 300).toString())}` : '';
        throw new Error(`${request.method} ${request.url.slice(0, 200)} ${head}${body}: ${error.message}`);
      });
      if (response === undefined) return;
      const problem = answerProblem(
        request,
        response.status,
        response.headers.get('content-type') ?? undefined,
        request.method === 'HEAD' || response.headers.get('content-type')?.includes('event-stream')
          ? ''
          : await response.text(),
      );
      if (problem) throw new Error(`${request.method} ${request.url.slice(0, 200)}: ${problem}`);
      // A blocked server fails twice in a row; one slow probe can be this client's own GC pause or
      // another process on the machine, so it is probed again before it counts.
      let tookMs = Number.POSITIVE_INFINITY;
      for (let probe = 0; probe < 2 && tookMs > 100; probe++) {
        const t0 = performance.now();
        const health = await fetch(`${server.url}/healthz`);
        await health.arrayBuffer();
        tookMs = health.status === 200 ? performance.now() - t0 : Number.POSITIVE_INFINITY;
      }
      slowestHealthMs = Math.max(slowestHealthMs, tookMs);
      if (tookMs > 100) {
        throw new Error(
          `/healthz did not answer 200 within 100 ms twice in a row after ${request.method} ${request.url.slice(0, 200)}`,
        );
      }
    }),
    {
      numRuns: 100_000_000,
      interruptAfterTimeLimit: seconds * 1000,
      markInterruptAsFailure: false,
      endOnFailure: true,
    },
  );
} catch (error) {
  // fast-check's report quotes the whole request, which can be megabytes: print its start.
  const text = String(error instanceof Error ? error.message : error);
  const cause = /Got error: ([\s\S]*)/.exec(text)?.[1] ?? String(error?.cause?.message ?? '');
  console.error(`${text.slice(0, 1000)}\n...\nfailure: ${cause.replace(/x{50,}/g, 'x…x').slice(0, 2000)}`);
  process.exitCode = 1;
} finally {
  await server.stop();
}
const elapsed = (performance.now() - started) / 1000;
console.log(
  `api fuzz over HTTP: ${cases} requests in ${elapsed.toFixed(0)} s, ${process.exitCode ? 'FAILED (above)' : 'no 5xx, every error coded'}; slowest /healthz (best of two probes) ${slowestHealthMs.toFixed(1)} ms`,
);
console.log(`machine: ${await machine()}`);
