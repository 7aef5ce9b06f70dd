// CPU of the engine's process per dependent step: user + system CPU time of the `skiff` process
// (read at its exit, process.resourceUsage through a preloaded module) for a long and a short chain
// of the same tasks, (long − short) / (difference in steps), so start-up cancels out. Machine load
// inflates CPU time far less than the wall time bench/chain-latency.mjs reads. `true` container
// tasks, or KFP Python function tasks (`add_one`, each step's Output feeding the next step's x).
// `fanout`: independent `true` tasks (1,000 and 3,000) at parallelism 4 instead of a chain, so the
// figure is the engine's own CPU per task of a fan-out (the processes and the spawner helper are
// other processes, not counted): a figure the machine's speed at starting processes moves little.
// Each build keeps one SKIFF_HOME (its metadata store removed before each run); builds alternate.
// Usage: npm run build && node bench/chain-cpu.mjs [true|python|fanout] [runs=3] [OTHER/bin/skiff.js]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  chainTasks,
  independentTasks,
  machine,
  median,
  pythonFunctionCommand,
  REPO,
  run,
  tempDir,
  writeCpuProbe,
  writeSpec,
} from './lib.mjs';

const kind = process.argv[2] ?? 'true';
const runs = Number(process.argv[3] ?? 3);
const other = process.argv[4];
const dir = tempDir('skiff-bench-chain-cpu-');
const typed = (name) => ({ parameters: { [name]: { parameterType: 'NUMBER_INTEGER' } } });
const lengths = { python: [10, 100], fanout: [1000, 3000] }[kind] ?? [30, 300];
const specs = lengths.map((steps) =>
  kind === 'fanout'
    ? independentTasks('fanout', steps, ['true'])
    : kind === 'python'
      ? chainTasks(
          'python-chain',
          steps,
          { inputDefinitions: typed('x'), outputDefinitions: typed('Output') },
          pythonFunctionCommand('add_one', 'def add_one(x: int) -> int:\n    return x + 1\n'),
          'x',
        )
      : chainTasks('true-chain', steps, {}, { command: ['true'] }),
);
const [short, long] = specs.map((doc, i) => writeSpec(dir, `chain-${lengths[i]}.json`, doc));
const probe = writeCpuProbe(dir);
const builds = { this: join(REPO, 'bin', 'skiff.js'), ...(other ? { other } : {}) };
const homes = Object.fromEntries(Object.keys(builds).map((name) => [name, tempDir('skiff-bench-home-')]));

async function cpuMs(name, spec) {
  for (const file of ['skiff.db', 'skiff.db-wal', 'skiff.db-shm'])
    rmSync(join(homes[name], file), { force: true });
  const args = [
    '--import',
    probe,
    builds[name],
    'run',
    spec,
    '--no-cache',
    '--json',
    '--max-parallel-tasks',
    '4',
  ];
  const result = await run(process.execPath, args, { SKIFF_HOME: homes[name] });
  const found = /CPU_US (\d+)/.exec(result.stderr);
  if (result.code !== 0 || !found)
    throw new Error(`${name}: skiff run failed: ${result.stderr.slice(-2000)}`);
  return Number(found[1]) / 1000;
}

const perStep = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
// A first run per build (not counted) leaves its home as later runs find it.
for (const name of Object.keys(builds)) await cpuMs(name, short);
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(builds)) {
    const step = ((await cpuMs(name, long)) - (await cpuMs(name, short))) / (lengths[1] - lengths[0]);
    perStep[name].push(step);
    console.log(`run ${i} ${name}: ${step.toFixed(2)} ms of CPU per step`);
  }
}
const shape = kind === 'fanout' ? 'fan-outs of' : `${kind} chains of`;
console.log(`${shape} ${lengths.join(' and ')} steps, ${runs} runs; machine: ${await machine()}`);
for (const [name, list] of Object.entries(perStep)) {
  console.log(
    `${name} build: median ${median(list).toFixed(2)} ms of CPU per step (${list.map((x) => x.toFixed(2)).join(', ')})`,
  );
}
