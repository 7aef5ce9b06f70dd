// Engine overhead: N independent tasks running `true` through `skiff run`, against spawning the same
// N processes with the same parallelism from a plain Node script. Target: ratio ≤ 1.5.
// Usage: npm run build && node bench/engine-overhead.mjs [tasks=1000] [parallel=4]
import { independentTasks, machine, skiff, spawnMany, tempDir, writeSpec } from './lib.mjs';

const count = Number(process.argv[2] ?? 1000);
const parallel = Number(process.argv[3] ?? 4);
const dir = tempDir('skiff-bench-overhead-');
const spec = writeSpec(dir, 'independent.json', independentTasks('overhead', count, ['true']));

const results = [];
for (let round = 0; round < 3; round++) {
  const bareMs = await spawnMany(count, parallel, 'true', []);
  const home = tempDir('skiff-bench-home-');
  const r = await skiff(
    ['run', spec, '--json', '--no-cache', '--max-parallel-tasks', String(parallel)],
    home,
  );
  if (r.code !== 0) throw new Error(`skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const state = JSON.parse(r.stdout.trim().split('\n').at(-1)).state;
  results.push({ round, bareMs, skiffMs: r.ms, ratio: r.ms / bareMs, state });
  console.log(
    `round ${round}: bare ${bareMs.toFixed(0)} ms, skiff ${r.ms.toFixed(0)} ms (${state}), ratio ${(r.ms / bareMs).toFixed(2)}`,
  );
}
const best = results.reduce((a, b) => (a.ratio < b.ratio ? a : b));
const median = [...results].sort((a, b) => a.ratio - b.ratio)[1];
console.log(`\n${count} tasks × \`true\`, parallelism ${parallel}; machine: ${await machine()}`);
console.log(
  `median ratio ${median.ratio.toFixed(2)} (best ${best.ratio.toFixed(2)}); per task: bare ${(median.bareMs / count).toFixed(2)} ms, skiff ${(median.skiffMs / count).toFixed(2)} ms`,
);
