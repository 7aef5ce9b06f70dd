// Engine overhead: N independent tasks running `true` through `skiff run`, side by side (same round)
// with the best bare baseline: a Python posix_spawn loop (bench/posix-spawn-loop.py) starting the
// same N processes at the same parallelism, timed as a whole process (interpreter start included,
// as `skiff run` is timed with its start-up). Target: ratio ≤ 1.2. For continuity with earlier
// figures it also prints the ratio against spawning from a plain Node script (the old baseline).
// Usage: npm run build && node bench/engine-overhead.mjs [tasks=1000] [parallel=4] [rounds=5]
import {
  independentTasks,
  machine,
  median,
  posixSpawnLoop,
  realPython,
  skiff,
  spawnMany,
  tempDir,
  writeSpec,
} from './lib.mjs';

const count = Number(process.argv[2] ?? 1000);
const parallel = Number(process.argv[3] ?? 4);
const rounds = Number(process.argv[4] ?? 5);
const python = await realPython();
const dir = tempDir('skiff-bench-overhead-');
const spec = writeSpec(dir, 'independent.json', independentTasks('overhead', count, ['true']));

const results = [];
for (let round = 0; round < rounds; round++) {
  const bare = await posixSpawnLoop(python, count, parallel, 'true');
  const nodeMs = await spawnMany(count, parallel, 'true', []);
  const home = tempDir('skiff-bench-home-');
  const r = await skiff(
    ['run', spec, '--json', '--no-cache', '--max-parallel-tasks', String(parallel)],
    home,
  );
  if (r.code !== 0) throw new Error(`skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const state = JSON.parse(r.stdout.trim().split('\n').at(-1)).state;
  const ratio = r.ms / bare.wallMs;
  results.push({ bareMs: bare.wallMs, nodeMs, skiffMs: r.ms, ratio, nodeRatio: r.ms / nodeMs });
  console.log(
    `round ${round}: posix_spawn loop ${bare.wallMs.toFixed(0)} ms, skiff ${r.ms.toFixed(0)} ms (${state}), ` +
      `ratio ${ratio.toFixed(2)}; Node spawn ${nodeMs.toFixed(0)} ms, ratio ${(r.ms / nodeMs).toFixed(2)}`,
  );
}
const ratios = results.map((r) => r.ratio);
console.log(`\n${count} tasks × \`true\`, parallelism ${parallel}; machine: ${await machine()}`);
console.log(
  `median ratio vs posix_spawn loop ${median(ratios).toFixed(2)} (rounds ${ratios.map((x) => x.toFixed(2)).join(', ')}); ` +
    `vs Node spawn ${median(results.map((r) => r.nodeRatio)).toFixed(2)}; per task: posix_spawn ${(median(results.map((r) => r.bareMs)) / count).toFixed(2)} ms, ` +
    `skiff ${(median(results.map((r) => r.skiffMs)) / count).toFixed(2)} ms`,
);
