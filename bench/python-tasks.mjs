// Python components: N trivial KFP Python function tasks through `skiff run`, per-task wall time
// against a bare `python3 -c pass` of the same (real) interpreter with the same parallelism.
// Targets: ≤ 1.5× bare per task; ≥ 3× faster than KFP's local runner (~0.1 s per trivial task).
// Usage: npm run build && node bench/python-tasks.mjs [tasks=100] [parallel=4]
import { execFileSync } from 'node:child_process';
import { machine, pythonFunctionCommand, skiff, spawnMany, tempDir, writeSpec } from './lib.mjs';

const count = Number(process.argv[2] ?? 100);
const parallel = Number(process.argv[3] ?? 4);
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim();
const { command, args } = pythonFunctionCommand('noop', 'def noop(i: int) -> int:\n    return i\n');
const tasks = {};
for (let i = 0; i < count; i++) {
  tasks[`t-${i}`] = {
    componentRef: { name: 'comp-noop' },
    taskInfo: { name: `t-${i}` },
    inputs: { parameters: { i: { runtimeValue: { constant: i } } } },
  };
}
const doc = {
  pipelineInfo: { name: 'python-tasks' },
  schemaVersion: '2.1.0',
  sdkVersion: 'kfp-2.14.0',
  components: {
    'comp-noop': {
      executorLabel: 'exec-noop',
      inputDefinitions: { parameters: { i: { parameterType: 'NUMBER_INTEGER' } } },
      outputDefinitions: { parameters: { Output: { parameterType: 'NUMBER_INTEGER' } } },
    },
  },
  deploymentSpec: { executors: { 'exec-noop': { container: { image: 'python:3.11', command, args } } } },
  root: { dag: { tasks } },
};
const spec = writeSpec(tempDir('skiff-bench-py-'), 'python.json', doc);
const rows = [];
for (let round = 0; round < 3; round++) {
  const bareMs = await spawnMany(count, parallel, python, ['-c', 'pass']);
  const r = await skiff(
    ['run', spec, '--json', '--no-cache', '--max-parallel-tasks', String(parallel)],
    tempDir('skiff-bench-home-'),
  );
  if (r.code !== 0) throw new Error(`skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  rows.push({ bareMs, skiffMs: r.ms });
  console.log(
    `round ${round}: bare ${(bareMs / count).toFixed(1)} ms/task, skiff ${(r.ms / count).toFixed(1)} ms/task, ratio ${(r.ms / bareMs).toFixed(2)}`,
  );
}
rows.sort((a, b) => a.skiffMs / a.bareMs - b.skiffMs / b.bareMs);
const m = rows[1];
console.log(
  `\n${count} trivial Python function tasks, parallelism ${parallel}, interpreter ${python}; machine: ${await machine()}`,
);
console.log(
  `median: skiff ${(m.skiffMs / count).toFixed(1)} ms/task (wall/tasks), bare python3 -c pass ${(m.bareMs / count).toFixed(1)} ms/task, ratio ${(m.skiffMs / m.bareMs).toFixed(2)}; ` +
    `vs KFP local runner ~100 ms/task: ${(100 / (m.skiffMs / count)).toFixed(1)}× faster`,
);
