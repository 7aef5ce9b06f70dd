// Engine overhead of this build against another build, in the same run: each round measures the
// bare baseline (a Python posix_spawn loop, bench/posix-spawn-loop.py, timed as a whole process),
// then `skiff run` of each build, so both ratios see the same machine load. It also prints the CPU
// time (user + system) of each whole process tree (bench/tree-cpu.py: skiff, its helpers and the
// task processes; the loop and its processes), which load inflates far less than wall time.
// Usage: npm run build && node bench/engine-overhead-versus.mjs OTHER_REPO/bin/skiff.js [tasks=1000] [parallel=4] [rounds=5]
// (OTHER_REPO: e.g. `git archive <commit> | tar -x -C /tmp/base`, node_modules linked, built.)
import { join } from 'node:path';
import {
  independentTasks,
  median,
  posixSpawnLoop,
  REPO,
  realPython,
  runWithTreeCpu,
  tempDir,
  writeSpec,
} from './lib.mjs';

const other = process.argv[2];
if (!other)
  throw new Error(
    'usage: node bench/engine-overhead-versus.mjs OTHER/bin/skiff.js [tasks] [parallel] [rounds]',
  );
const count = Number(process.argv[3] ?? 1000);
const parallel = Number(process.argv[4] ?? 4);
const rounds = Number(process.argv[5] ?? 5);
const python = await realPython();
const dir = tempDir('skiff-bench-versus-');
const spec = writeSpec(dir, 'independent.json', independentTasks('overhead', count, ['true']));
const builds = { other, this: join(REPO, 'bin', 'skiff.js') };
const ratios = { other: [], this: [] };
const cpuRatios = { other: [], this: [] };
const cpuMs = { other: [], this: [] };
for (let round = 0; round < rounds; round++) {
  for (const [name, bin] of Object.entries(builds)) {
    const bare = await posixSpawnLoop(python, count, parallel, 'true');
    const args = [bin, 'run', spec, '--json', '--no-cache', '--max-parallel-tasks', String(parallel)];
    const env = { SKIFF_HOME: tempDir('skiff-bench-home-') };
    const r = await runWithTreeCpu(python, process.execPath, args, env);
    if (r.code !== 0) throw new Error(`${name}: skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
    ratios[name].push(r.ms / bare.wallMs);
    cpuRatios[name].push(r.cpuMs / bare.cpuMs);
    cpuMs[name].push(r.cpuMs);
    console.log(
      `round ${round} ${name}: posix_spawn loop ${bare.wallMs.toFixed(0)} ms (CPU ${bare.cpuMs.toFixed(0)} ms), skiff ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms), ratio ${(r.ms / bare.wallMs).toFixed(2)} (CPU ${(r.cpuMs / bare.cpuMs).toFixed(2)})`,
    );
  }
}
const shown = (list) => list.map((x) => x.toFixed(2)).join(', ');
for (const [name, list] of Object.entries(ratios)) {
  console.log(
    `${name}: median ratio ${median(list).toFixed(2)} (rounds ${shown(list)}); CPU: median ${median(cpuMs[name]).toFixed(0)} ms, ratio ${median(cpuRatios[name]).toFixed(2)} (rounds ${shown(cpuRatios[name])})`,
  );
}
