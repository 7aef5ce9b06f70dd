import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUiAssetPath } from '../src/server/ui/index.js';
import { answerProblem, type FuzzIds, fuzzRequest, ROUTES, seedFuzzIds } from './support/api-fuzz-cases.js';
import { callJson, type TestServer, uploadFile } from './support/kfp-api.js';
import { startTestServer } from './support/server.js';

/** How long the property runs, in ms (SKIFF_FUZZ_MS for longer runs; bench/api-fuzz.mjs for a real server). */
const BUDGET_MS = Number(process.env.SKIFF_FUZZ_MS ?? 30_000);
/** Routes left out of the fuzzing, with why. */
const NOT_FUZZED: Readonly<Record<string, string>> = {
  'GET /apis/skiff/v1/doctor':
    'runs every doctor check (a Python start, storage probes) per call: too slow to fuzz',
  'GET /apis/skiff/v1/events/runs':
    'an event stream that stays open until the client leaves (inject waits for the end); test/server-events.test.ts covers it',
};

describe('API property: no request makes the server answer 5xx or stop answering', () => {
  let server: TestServer;
  let ids: FuzzIds;
  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedFuzzIds(
      (method, path, body) => callJson(server, method, path, body),
      async (path, text, fileName) => (await uploadFile(server, path, text, fileName)).json,
    );
  });
  afterAll(async () => server?.close());

  it('fuzzes every route the server registers', () => {
    // Route shapes (each :param as ":") with their methods, from Fastify's route tree.
    const shape = (route: string) => route.replace(/:[^/]+/g, ':');
    const registered = new Set<string>();
    const stack: string[] = [];
    for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^(.*?)[├└]── (\S+) \(([^)]+)\)/.exec(line);
      if (!match) continue;
      const level = match[1]!.length / 4;
      stack[level] = (level === 0 ? '' : stack[level - 1]!) + match[2]!.replace(/\|:[^/|]+/g, '');
      // The web UI's static files (one route per built file) hold no data and take no input.
      if (isUiAssetPath(stack[level]!)) continue;
      for (const method of match[3]!.split(', ')) {
        if (method !== 'HEAD') registered.add(`${method} ${shape(stack[level]!)}`);
      }
    }
    const covered = new Set([...ROUTES, ...Object.keys(NOT_FUZZED)].map(shape));
    expect([...registered].filter((route) => !covered.has(route))).toEqual([]);
    expect(registered.size).toBeGreaterThan(30);
  });

  it(
    `answers every random or mutated request with a coded 4xx or a success, and /healthz within 100 ms (${BUDGET_MS / 1000} s)`,
    async () => {
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(fuzzRequest(ids), async (request) => {
          cases++;
          const answer = await server.app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: request.headers,
            ...(request.body ? { payload: request.body } : {}),
          });
          const problem = answerProblem(
            request,
            answer.statusCode,
            answer.headers['content-type'] as string | undefined,
            answer.body,
          );
          if (problem) throw new Error(`${request.method} ${request.url.slice(0, 200)}: ${problem}`);
          const started = performance.now();
          const health = await server.app.inject({ method: 'GET', url: '/healthz' });
          const tookMs = performance.now() - started;
          if (health.statusCode !== 200 || tookMs > 100) {
            throw new Error(
              `/healthz answered ${health.statusCode} in ${tookMs.toFixed(0)} ms after ${request.method} ${request.url.slice(0, 200)}`,
            );
          }
        }),
        {
          numRuns: 1_000_000,
          interruptAfterTimeLimit: BUDGET_MS,
          markInterruptAsFailure: false,
          endOnFailure: true,
        },
      );
      console.log(`api fuzz: ${cases} requests in ${BUDGET_MS / 1000} s`);
      expect(cases).toBeGreaterThan(100);
    },
    BUDGET_MS + 60_000,
  );
});
