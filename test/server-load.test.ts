import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEachMetadataStore, type StoreEnv } from './support/each-store.js';
import { pipeline, task } from './support/ir-builder.js';
import { startTestServer } from './support/server.js';

// 50 clients create runs and poll each to its end, concurrently, on loopback, for a bounded time
// (LOAD_SECONDS, 60 by default as the issue asks). Afterwards every run each client created is in
// the store exactly once, in a final state, and no request failed.

const CLIENTS = 50;
const SECONDS = Number(process.env.SKIFF_TEST_LOAD_SECONDS ?? 60);
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);
const spec = JSON.parse(pipeline('load', { a: { script: 'true' } }, { tasks: { a: task('a') } }));

type Server = Awaited<ReturnType<typeof startTestServer>>;

await onEachMetadataStore(`the server under ${CLIENTS} concurrent clients`, 'load', loadSuite);

function loadSuite(store: string, env: StoreEnv): void {
  describe(`the server under ${CLIENTS} concurrent clients for ${SECONDS} s (${store})`, () => {
    let server: Server;
    beforeAll(async () => {
      server = await startTestServer({ ...(await env()), SKIFF_SERVER_MAX_CONCURRENT_RUNS: '4' });
    });
    afterAll(async () => server?.close());

    it(
      'loses, duplicates and fails nothing; every run reaches a final state',
      async () => {
        const deadline = Date.now() + SECONDS * 1000;
        const errors: string[] = [];
        const created: string[] = [];
        const finals = new Map<string, string>();
        let polls = 0;

        async function client(n: number): Promise<void> {
          let i = 0;
          while (Date.now() < deadline) {
            const response = await server.request('/apis/v2beta1/runs', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ display_name: `client-${n}-run-${i++}`, pipeline_spec: spec }),
            });
            if (response.status !== 200) {
              errors.push(`create: HTTP ${response.status} ${await response.text()}`);
              continue;
            }
            const { run_id: runId } = (await response.json()) as { run_id: string };
            created.push(runId);
            // Poll this run to its end (bounded by the deadline plus a grace period).
            for (;;) {
              polls++;
              const got = await server.request(`/apis/v2beta1/runs/${runId}`);
              if (got.status !== 200) {
                errors.push(`get ${runId}: HTTP ${got.status}`);
                break;
              }
              const { state } = (await got.json()) as { state: string };
              if (FINAL.has(state)) {
                finals.set(runId, state);
                break;
              }
              if (Date.now() > deadline + 120_000) {
                errors.push(`run ${runId} still ${state} long after the deadline`);
                break;
              }
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
        }

        await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
        const stored = await server.services.metadata.runs.list();
        const storedIds = stored.map((run) => run.id);
        console.log(
          `load (${store}): ${created.length} runs created by ${CLIENTS} clients in ${SECONDS} s, ${polls} polls, ` +
            `${[...finals.values()].filter((s) => s === 'SUCCEEDED').length} succeeded`,
        );
        expect(errors).toEqual([]);
        expect(created.length).toBeGreaterThan(CLIENTS);
        expect(new Set(created).size).toBe(created.length);
        expect(new Set(storedIds).size).toBe(storedIds.length);
        expect([...storedIds].sort()).toEqual([...created].sort());
        expect(stored.every((run) => FINAL.has(run.state))).toBe(true);
        expect([...finals.values()].every((state) => state === 'SUCCEEDED')).toBe(true);
      },
      (SECONDS + 200) * 1000,
    );
  });
}
