import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type CliResult, runCli } from './cli.js';
import { from, pipeline, task } from './ir-builder.js';
import type { TestServer } from './server.js';

/**
 * `wait` holds until the test opens the gate, so a client can start following the run while it is
 * RUNNING; then `flaky` fails its first attempt with exit 3 and succeeds on its retry.
 */
const spec = pipeline(
  'run-elsewhere',
  {
    wait: {
      inputs: { gate: 'STRING' },
      command: ['sh', '-c', 'while [ ! -f "$0" ]; do sleep 0.05; done'],
      args: ["{{$.inputs.parameters['gate']}}"],
    },
    flaky: {
      inputs: { counter: 'STRING' },
      command: [
        'sh',
        '-c',
        'n=$(cat "$0" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0"; [ $n -ge 2 ] || exit 3',
      ],
      args: ["{{$.inputs.parameters['counter']}}"],
    },
  },
  {
    tasks: {
      wait: task('wait', { inputs: { parameters: { gate: from.input('gate') } } }),
      flaky: task('flaky', {
        inputs: { parameters: { counter: from.input('counter') } },
        dependentTasks: ['wait'],
        retryPolicy: {
          maxRetryCount: 1,
          backoffDuration: '0.2s',
          backoffFactor: 2,
          backoffMaxDuration: '60s',
        },
      }),
    },
    inputs: { gate: 'STRING', counter: 'STRING' },
  },
);

/** A run `skiff run` executes in its own process on the server's store, held at its first task. */
export interface ElsewhereRun {
  readonly runId: string;
  /** Let the run go on past its first task. */
  openGate(): void;
  /** The `skiff run --json` process's result. */
  readonly result: Promise<CliResult>;
}

/** Start `skiff run` on `server`'s home and resolve once the server lists the run as RUNNING. */
export async function startRunElsewhere(server: TestServer, timeoutMs = 30_000): Promise<ElsewhereRun> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-elsewhere-'));
  const specPath = join(dir, 'spec.json');
  writeFileSync(specPath, spec);
  const gate = join(dir, 'gate');
  const name = `run elsewhere ${basename(dir)}`;
  const params = ['--param', `gate=${gate}`, '--param', `counter=${join(dir, 'n')}`];
  const args = ['run', specPath, '--json', '--name', name, ...params];
  const result = runCli(args, { home: server.home, timeoutMs: 120_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await server.request('/apis/v2beta1/runs')).json()) as {
      runs?: { run_id: string; state: string; display_name: string }[];
    };
    const run = body.runs?.find((r) => r.display_name === name && r.state === 'RUNNING');
    if (run !== undefined) return { runId: run.run_id, openGate: () => writeFileSync(gate, ''), result };
    if (Date.now() > deadline)
      throw new Error('`skiff run` did not show a RUNNING run on the server in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
