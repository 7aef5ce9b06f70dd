// Run creation through the API: how many runs per second `POST /apis/v2beta1/runs` accepts
// (validated, stored PENDING, queued) on SQLite, with 50 clients on loopback. Target: ≥ 500/s.
// The server runs in its own process; its worker executes the runs meanwhile (server.maxConcurrentRuns
// 4), as in production.
// Usage: npm run build && node bench/api-create-runs.mjs [runs=3000] [clients=50]
import { independentTasks, machine, startSkiffServer, tempDir } from './lib.mjs';

const total = Number(process.argv[2] ?? 3000);
const clients = Number(process.argv[3] ?? 50);
const spec = independentTasks('bench-create', 1, ['true']);

const results = [];
for (let round = 0; round < 3; round++) {
  const server = await startSkiffServer(tempDir('skiff-bench-api-'));
  const body = JSON.stringify({ display_name: 'bench', pipeline_spec: spec });
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        next++;
        const response = await fetch(`${server.url}/apis/v2beta1/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 200) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = total / seconds;
  results.push(rate);
  console.log(
    `round ${round}: ${total} runs accepted in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} runs/s (${failed} failed)`,
  );
  await server.stop();
}
results.sort((a, b) => a - b);
console.log(`\n${total} runs, ${clients} clients, SQLite; machine: ${await machine()}`);
console.log(`median ${results[1].toFixed(0)} runs/s accepted (target ≥ 500)`);
