// Scale: a ParallelFor of N iterations (each a `true` task) through the engine in-process, peak RSS
// and wall time; run for N and 2N. Targets: 10,000 iterations under 400 MB peak RSS; time(2N) ≤ 2.2 × time(N).
// Usage: npm run build && node bench/scale-loop.mjs [iterations=10000]

import { join } from 'node:path';
import { machine, REPO, run, tempDir, writeSpec } from './lib.mjs';

const base = Number(process.argv[2] ?? 10000);

function loopSpec(n) {
  const items = JSON.stringify(Array.from({ length: n }, (_, i) => i));
  return {
    pipelineInfo: { name: 'scale-loop' },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.14.0',
    components: {
      'comp-noop': {
        executorLabel: 'exec-noop',
        inputDefinitions: { parameters: { x: { parameterType: 'NUMBER_INTEGER' } } },
      },
      'comp-for-loop-1': {
        dag: {
          tasks: {
            noop: {
              componentRef: { name: 'comp-noop' },
              taskInfo: { name: 'noop' },
              inputs: {
                parameters: { x: { componentInputParameter: 'pipelinechannel--loop-item-param-1' } },
              },
            },
          },
        },
        inputDefinitions: {
          parameters: { 'pipelinechannel--loop-item-param-1': { parameterType: 'NUMBER_INTEGER' } },
        },
      },
    },
    deploymentSpec: { executors: { 'exec-noop': { container: { image: 'alpine', command: ['true'] } } } },
    root: {
      dag: {
        tasks: {
          'for-loop-1': {
            componentRef: { name: 'comp-for-loop-1' },
            taskInfo: { name: 'for-loop-1' },
            parameterIterator: { items: { raw: items }, itemInput: 'pipelinechannel--loop-item-param-1' },
          },
        },
      },
    },
  };
}

const results = [];
for (const n of [base, base * 2]) {
  const dir = tempDir('skiff-bench-scale-');
  const spec = writeSpec(dir, `loop-${n}.json`, loopSpec(n));
  // GNU time reports the peak RSS of the whole `skiff run` process.
  const r = await run(
    '/usr/bin/time',
    [
      '-f',
      'MAXRSS_KB=%M',
      process.execPath,
      join(REPO, 'bin', 'skiff.js'),
      'run',
      spec,
      '--json',
      '--no-cache',
    ],
    {
      SKIFF_HOME: join(dir, 'home'),
    },
  );
  if (r.code !== 0) throw new Error(`skiff run failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const rssMb = Number(/MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  results.push({ n, ms: r.ms, rssMb });
  console.log(`${n} iterations: ${(r.ms / 1000).toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB`);
}
console.log(`\nmachine: ${await machine()}`);
console.log(
  `time ratio 2N/N = ${(results[1].ms / results[0].ms).toFixed(2)} (target ≤ 2.2); peak RSS at N = ${results[0].rssMb.toFixed(0)} MB (target < 400)`,
);
