// Python environments: the cost of a component's packages_to_install once its environment exists
// (second run: reused, forked) against the same pipeline without packages, side by side in each
// round; and the first creation of the environment (pip, or uv when it is on PATH).
// Target: the second run adds < 50 ms per task over the pipeline without packages.
// Usage: npm run build && node bench/python-envs.mjs [tasks=20] [parallel=4] [rounds=3]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { independentTasks, machine, pythonFunctionCommand, REPO, run, tempDir, writeSpec } from './lib.mjs';

const count = Number(process.argv[2] ?? 20);
const parallel = Number(process.argv[3] ?? 4);
const rounds = Number(process.argv[4] ?? 3);
const work = tempDir('skiff-bench-envs-');
execFileSync('python3', [
  join(REPO, 'test/fixtures/python/make_wheels.py'),
  join(work, 'index'),
  'skiffpin==1.0',
]);
const indexUrl = pathToFileURL(join(work, 'index', 'simple')).href;

// The KFP SDK's prelude for packages_to_install=['skiffpin==1.0'], pip_index_urls=[indexUrl].
const prelude =
  '\nif ! [ -x "$(command -v pip)" ]; then\n    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip\nfi\n\n' +
  `PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location --index-url ${indexUrl} --trusted-host ${indexUrl} 'skiffpin==1.0' 'kfp==2.14.3' '--no-deps' && "$0" "$@"\n`;
const fn = pythonFunctionCommand('noop', 'def noop(i: int) -> int:\n    return i\n');

function pipelineDoc(name, withPackages) {
  const command = withPackages ? ['sh', '-c', prelude, ...fn.command] : fn.command;
  const doc = independentTasks(name, count, command);
  doc.components['comp-noop'].outputDefinitions = {
    parameters: { Output: { parameterType: 'NUMBER_INTEGER' } },
  };
  doc.deploymentSpec.executors['exec-noop'].container = { image: 'python:3.11', command, args: fn.args };
  return doc;
}

const plain = writeSpec(work, 'plain.json', pipelineDoc('plain', false));
const withPackages = writeSpec(work, 'packages.json', pipelineDoc('packages', true));
const home = tempDir('skiff-bench-envs-home-');
const env = { SKIFF_HOME: home, PIP_CONFIG_FILE: '/dev/null', PIP_FIND_LINKS: '', PIP_EXTRA_INDEX_URL: '' };
const skiffRun = async (spec) => {
  const r = await run(
    process.execPath,
    [
      join(REPO, 'bin/skiff.js'),
      'run',
      spec,
      '--json',
      '--no-cache',
      '--max-parallel-tasks',
      String(parallel),
    ],
    env,
  );
  if (r.code !== 0) throw new Error(`skiff run ${spec} failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return r.ms;
};

const first = await skiffRun(withPackages);
const manifest = JSON.parse(execFileSync('sh', ['-c', `cat ${home}/envs/*/skiff-env.json`]).toString());
console.log(
  `first run with packages: ${(first / 1000).toFixed(2)} s (the environment was made once, by ${manifest.installer}, in ${manifest.buildSeconds} s)`,
);
const rows = [];
for (let round = 0; round < rounds; round++) {
  const plainMs = await skiffRun(plain);
  const packagesMs = await skiffRun(withPackages);
  const addedMs = (packagesMs - plainMs) / count;
  rows.push({ plainMs, packagesMs, addedMs });
  console.log(
    `round ${round}: without packages ${(plainMs / count).toFixed(1)} ms/task, with packages (reused) ${(packagesMs / count).toFixed(1)} ms/task, added ${addedMs.toFixed(1)} ms/task`,
  );
}
rows.sort((a, b) => a.addedMs - b.addedMs);
const median = rows[Math.floor(rows.length / 2)];
console.log(`\n${count} Python function tasks, parallelism ${parallel}; machine: ${await machine()}`);
console.log(
  `median: second run with packages adds ${median.addedMs.toFixed(1)} ms per task (target < 50 ms); environment made by ${manifest.installer} in ${manifest.buildSeconds} s`,
);
