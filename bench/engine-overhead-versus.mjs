// Engine overhead of this build against another build, in the same run: each round measures the
// bare baseline (a Python posix_spawn loop, bench/posix-spawn-loop.py, timed as a whole process),
// then `skiff run` of each build, so both ratios see the same machine load. It also prints the CPU
// time (user + system) of each whole process tree (bench/tree-cpu.py: skiff, its helpers and the
// task processes; the loop and its processes), which load inflates far less than wall time.
// Each build keeps one SKIFF_HOME across rounds, as a user's ~/.skiff, after a first run that is
// not counted; its metadata store is removed before each round, so every run starts on a fresh one.
// Usage: npm run build && node bench/engine-overhead-versus.mjs OTHER_REPO/bin/skiff.js [tasks=1000] [parallel=4] [rounds=5]
// (OTHER_REPO: e.g. `git archive <commit> | tar -x -C /tmp/base`, node_modules linked, built.)
import { rmSync } from 'node:fs';
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
const homes = { other: tempDir('skiff-bench-home-'), this: tempDir('skiff-bench-home-') };
const skiffArgs = ['run', spec, '--json', '--no-cache', '--max-parallel-tasks', String(parallel)];
/** `skiff run` of the spec by `name`'s build in its home, on a fresh metadata store. */
async function skiffRun(name) {
  for (const file of ['skiff.db', 'skiff.db-wal', 'skiff.db-shm'])
    rmSync(join(homes[name], file), { force: true });
  const r = await runWithTreeCpu(python, process.execPath, [builds[name], ...skiffArgs], {
    SKIFF_HOME: homes[name],
  });
  if (r.code !== 0) throw new Error(`${name}: skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return r;
}
for (const name of Object.keys(builds)) await skiffRun(name);
const ratios = { other: [], this: [] };
const cpuRatios = { other: [], this: [] };
const cpuMs = { other: [], this: [] };
for (let round = 0; round < rounds; round++) {
  for (const name of Object.keys(builds)) {
    const bare = await posixSpawnLoop(python, count, parallel, 'true');
    const r = await skiffRun(name);
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
