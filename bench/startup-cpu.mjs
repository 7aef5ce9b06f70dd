// Start-up CPU: user + system CPU time of the `skiff` process for `skiff --version` and for
// `skiff run` of a one-task pipeline (`true`), read from the process itself at exit
// (process.resourceUsage, through a preloaded module), so machine load inflates it far less than
// wall time. With another build, runs alternate between the two so both see the same load.
// Usage: npm run build && node bench/startup-cpu.mjs [runs=12] [OTHER/bin/skiff.js]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { independentTasks, machine, median, REPO, run, tempDir, writeCpuProbe, writeSpec } from './lib.mjs';

const runs = Number(process.argv[2] ?? 12);
const other = process.argv[3];
const dir = tempDir('skiff-bench-startup-');
const spec = writeSpec(dir, 'one.json', independentTasks('one', 1, ['true']));
const probe = writeCpuProbe(dir);
const builds = { this: join(REPO, 'bin', 'skiff.js'), ...(other ? { other } : {}) };
const samples = Object.fromEntries(Object.keys(builds).map((b) => [b, { version: [], run: [] }]));

async function cpuMs(bin, args) {
  const home = tempDir('skiff-bench-startup-home-');
  const result = await run('node', ['--import', probe, bin, ...args], { SKIFF_HOME: home });
  rmSync(home, { recursive: true, force: true });
  const found = /CPU_US (\d+)/.exec(result.stderr);
  if (result.code !== 0 || !found) throw new Error(`skiff ${args.join(' ')} failed: ${result.stderr}`);
  return Number(found[1]) / 1000;
}

for (let i = 0; i < runs; i++) {
  for (const [name, bin] of Object.entries(builds)) {
    samples[name].version.push(await cpuMs(bin, ['--version']));
    samples[name].run.push(await cpuMs(bin, ['run', spec, '--no-cache', '--json']));
  }
}
const show = (list) => `median ${median(list).toFixed(0)} ms, lowest ${Math.min(...list).toFixed(0)} ms`;
console.log(`${runs} runs each, alternating; machine: ${await machine()}`);
for (const [name, s] of Object.entries(samples)) {
  console.log(`${name} build: --version CPU ${show(s.version)}; run of one task CPU ${show(s.run)}`);
}
rmSync(dir, { recursive: true, force: true });
