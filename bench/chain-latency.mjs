// Chain latency: a chain of N dependent tasks through `skiff run`, side by side (same round) with the
// best bare baseline, for two kinds of step:
// - `true` container tasks, against a Python posix_spawn loop starting `true` N times, each waited
//   for before the next (bench/posix-spawn-loop.py with parallelism 1);
// - KFP Python function tasks (`add_one`, each step's Output feeding the next step's `x`), against
//   the same function run by the bundled KFP runtime in a child forked from a warm interpreter, one
//   step after the other, each output read back from executor_output.json (bench/forked-chain.py).
// Skiff's step time is read from its metadata store: (end of the last task − end of the first) /
// (N − 1), so it holds everything between one task's end and the next one's (scheduling, commits,
// staging, the process, output collection), not the CLI's start-up; the bare step is loop time / N.
// Targets: ≤ 3 ms per step for `true`, ≤ 10 ms per step for forked Python tasks.
// Usage: npm run build && node bench/chain-latency.mjs [steps=30] [rounds=5] [true|python|both] [OTHER/bin/skiff.js]
// With another build (e.g. `git archive <commit> | tar -x -C /tmp/base`, node_modules linked, built),
// each round also runs the chains through it, so both builds see the same machine load.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  chainTasks,
  machine,
  median,
  posixSpawnLoop,
  pythonFunctionCommand,
  REPO,
  realPython,
  run,
  skiff,
  tempDir,
  writeSpec,
} from './lib.mjs';

const steps = Number(process.argv[2] ?? 30);
const rounds = Number(process.argv[3] ?? 5);
const only = process.argv[4] === 'both' ? undefined : process.argv[4];
const other = process.argv[5];
const python = await realPython();
const dir = tempDir('skiff-bench-chain-');
const source = 'def add_one(x: int) -> int:\n    return x + 1\n';
const pyCommand = pythonFunctionCommand('add_one', source);
const typed = (name) => ({ parameters: { [name]: { parameterType: 'NUMBER_INTEGER' } } });
const specs = {
  true: writeSpec(dir, 'true-chain.json', chainTasks('true-chain', steps, {}, { command: ['true'] })),
  python: writeSpec(
    dir,
    'python-chain.json',
    chainTasks(
      'python-chain',
      steps,
      { inputDefinitions: typed('x'), outputDefinitions: typed('Output') },
      pyCommand,
      'x',
    ),
  ),
};
// The module the SDK's command writes (its prelude plus the function), for the forked baseline.
const modulePath = join(dir, 'ephemeral_component.py');
writeFileSync(modulePath, pyCommand.command[3]);

/** `skiff run` of a chain; resolves to { wallMs, stepMs } (step: from the metadata store). */
async function skiffChain(spec, bin) {
  const home = tempDir('skiff-bench-home-');
  const args = ['run', spec, '--json', '--no-cache'];
  const r = bin ? await run(process.execPath, [bin, ...args], { SKIFF_HOME: home }) : await skiff(args, home);
  if (r.code !== 0) throw new Error(`skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1));
  if (result.state !== 'SUCCEEDED') throw new Error(`run ended ${result.state}: ${r.stdout.slice(-2000)}`);
  const db = new Database(join(home, 'skiff.db'), { readonly: true });
  const ends = db
    .prepare("select finished_at_ms as end from tasks where kind = 'container' order by finished_at_ms")
    .all()
    .map((row) => Number(row.end));
  db.close();
  if (ends.length !== steps) throw new Error(`expected ${steps} task rows, found ${ends.length}`);
  return { wallMs: r.ms, stepMs: (ends.at(-1) - ends[0]) / (steps - 1) };
}

async function forkedChain() {
  const script = join(REPO, 'bench', 'forked-chain.py');
  const env = { PYTHONPATH: join(REPO, 'python') };
  const r = await run(python, [script, String(steps), modulePath, 'add_one'], env);
  if (r.code !== 0) throw new Error(`forked-chain failed (${r.code}): ${r.stderr}`);
  const { loopMs, value } = JSON.parse(r.stdout);
  if (value !== steps) throw new Error(`forked chain computed ${value}, expected ${steps}`);
  return { wallMs: r.ms, stepMs: loopMs / steps };
}

async function bareTrue() {
  const { wallMs, loopMs } = await posixSpawnLoop(python, steps, 1, 'true');
  return { wallMs, stepMs: loopMs / steps };
}

const allKinds = {
  true: { bare: bareTrue, spec: specs.true },
  python: { bare: forkedChain, spec: specs.python },
};
const kinds = only ? { [only]: allKinds[only] } : allKinds;
const builds = other ? { this: undefined, other } : { this: undefined };
const rows = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, []]));
const ms = (x) => x.toFixed(2);
for (let round = 0; round < rounds; round++) {
  for (const [kind, { bare, spec }] of Object.entries(kinds)) {
    const row = { bare: await bare() };
    for (const [name, bin] of Object.entries(builds)) row[name] = await skiffChain(spec, bin);
    rows[kind].push(row);
    const shown = Object.keys(builds).map(
      (name) => `${name} ${ms(row[name].stepMs)} ms/step (wall ${row[name].wallMs.toFixed(0)} ms)`,
    );
    console.log(
      `round ${round} ${kind.padEnd(6)}: bare ${ms(row.bare.stepMs)} ms/step; skiff ${shown.join(', ')}`,
    );
  }
}
console.log(
  `\nchains of ${steps} steps, ${rounds} rounds; interpreter ${python}; machine: ${await machine()}`,
);
const labels = {
  true: '`true` tasks vs posix_spawn loop of `true`',
  python: 'Python add_one tasks vs the same function forked from a warm interpreter',
};
for (const [kind, list] of Object.entries(rows)) {
  const parts = Object.keys(builds).map((name) => {
    const step = median(list.map((r) => r[name].stepMs));
    const own = median(list.map((r) => r[name].stepMs - r.bare.stepMs));
    const wall = median(list.map((r) => r[name].wallMs));
    return `${name} build ${ms(step)} ms/step (own ${ms(own)} ms/step, median of same-round differences; wall ${wall.toFixed(0)} ms)`;
  });
  console.log(
    `${labels[kind]}: medians: bare ${ms(median(list.map((r) => r.bare.stepMs)))} ms/step; ${parts.join('; ')}`,
  );
}
