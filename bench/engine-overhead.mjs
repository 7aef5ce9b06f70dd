// Engine overhead: N independent tasks running `true` through `skiff run`, side by side (same round)
// with the best bare baseline: a Python posix_spawn loop (bench/posix-spawn-loop.py) starting the
// same N processes at the same parallelism, timed as a whole process (interpreter start included,
// as `skiff run` is timed with its start-up). Target: ratio ≤ 1.2. For continuity with earlier
// figures it also prints the ratio against spawning from a plain Node script (the old baseline).
// Skiff runs in one home that has run a pipeline before, as from a user's second run on (the home
// remembers the real interpreter behind a pyenv shim for the spawner helper; its metadata store is
// removed before each round, so rounds are alike); `fresh` gives each round a new home, as before
// 2026-12-07. Each round also times a one-task run: Skiff's start-up and end, which no per-task work
// can win back; (that + loop) / loop is the lowest ratio reachable on the machine ("floor").
// Usage: npm run build && node bench/engine-overhead.mjs [tasks=1000] [parallel=4] [rounds=5] [reused|fresh]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
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
const homes = process.argv[5] ?? 'reused';
const python = await realPython();
const dir = tempDir('skiff-bench-overhead-');
const spec = writeSpec(dir, 'independent.json', independentTasks('overhead', count, ['true']));
const oneTask = writeSpec(dir, 'one.json', independentTasks('overhead-one', 1, ['true']));
const reusedHome = tempDir('skiff-bench-home-');

/** `skiff run SPEC` at the benchmark's parallelism; throws unless it succeeds. */
async function skiffRun(path) {
  const home = homes === 'fresh' ? tempDir('skiff-bench-home-') : reusedHome;
  rmSync(join(home, 'skiff.db'), { force: true });
  rmSync(join(home, 'skiff.db-wal'), { force: true });
  rmSync(join(home, 'skiff.db-shm'), { force: true });
  const r = await skiff(
    ['run', path, '--json', '--no-cache', '--max-parallel-tasks', String(parallel)],
    home,
  );
  if (r.code !== 0) throw new Error(`skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return { ms: r.ms, state: JSON.parse(r.stdout.trim().split('\n').at(-1)).state };
}

if (homes !== 'fresh') await skiffRun(oneTask); // the user's first run

const results = [];
for (let round = 0; round < rounds; round++) {
  const bare = await posixSpawnLoop(python, count, parallel, 'true');
  const nodeMs = await spawnMany(count, parallel, 'true', []);
  const r = await skiffRun(spec);
  const { state } = r;
  const startMs = (await skiffRun(oneTask)).ms;
  const ratio = r.ms / bare.wallMs;
  const floor = (startMs + bare.wallMs) / bare.wallMs;
  results.push({
    bareMs: bare.wallMs,
    nodeMs,
    skiffMs: r.ms,
    ratio,
    nodeRatio: r.ms / nodeMs,
    startMs,
    floor,
  });
  console.log(
    `round ${round}: posix_spawn loop ${bare.wallMs.toFixed(0)} ms, skiff ${r.ms.toFixed(0)} ms (${state}), ` +
      `ratio ${ratio.toFixed(2)}; one-task run ${startMs.toFixed(0)} ms, floor ${floor.toFixed(2)}; ` +
      `Node spawn ${nodeMs.toFixed(0)} ms, ratio ${(r.ms / nodeMs).toFixed(2)}`,
  );
}
const ratios = results.map((r) => r.ratio);
console.log(
  `\n${count} tasks × \`true\`, parallelism ${parallel}, ${homes} home; machine: ${await machine()}`,
);
console.log(
  `median ratio vs posix_spawn loop ${median(ratios).toFixed(2)} (rounds ${ratios.map((x) => x.toFixed(2)).join(', ')}); ` +
    `vs Node spawn ${median(results.map((r) => r.nodeRatio)).toFixed(2)}; per task: posix_spawn ${(median(results.map((r) => r.bareMs)) / count).toFixed(2)} ms, ` +
    `skiff ${(median(results.map((r) => r.skiffMs)) / count).toFixed(2)} ms; one-task run ${median(results.map((r) => r.startMs)).toFixed(0)} ms, ` +
    `floor ${median(results.map((r) => r.floor)).toFixed(2)}`,
);
