// Helpers of the engine's tests: a scripted AttemptRunner, a fake clock and a run on a
// fresh in-memory store (kept out of src/: the engine itself imports no SQL driver).
import { randomUUID } from 'node:crypto';
import { createRun } from '../../src/engine/create-run.js';
import type { EngineDeps, EngineEvent } from '../../src/engine/engine-deps.js';
import type { AttemptOutcome, AttemptRequest, AttemptRunner, Clock } from '../../src/engine/ports.js';
import { systemClock } from '../../src/engine/system-clock.js';
import { loadPipelineText } from '../../src/ir/index.js';
import type { MetadataStore } from '../../src/metadata/metadata-store.js';
import { openSqliteMetadataStore } from '../../src/metadata/sqlite/open-sqlite.js';
import { from, pipeline, task } from './ir-builder.js';

/** How a scripted component answers its `n`-th attempt (1-based, counted per task path). */
export type Behaviour = (req: AttemptRequest, n: number) => AttemptOutcome | Promise<AttemptOutcome>;

/** A succeeded attempt with these output parameters. */
export const ok = (parameters: Record<string, unknown> = {}): AttemptOutcome => ({
  ok: true,
  outputs: { parameters: parameters as never, artifacts: {} },
  exitCode: 0,
  logUri: null,
});

/** A failed attempt: USER (exit 1) or SYSTEM (an upload failed). */
export const fail = (kind: 'USER' | 'SYSTEM' = 'USER'): AttemptOutcome => ({
  ok: false,
  kind,
  message: kind === 'USER' ? 'SKIFF_EXEC_NONZERO: exit 1' : 'SKIFF_STORAGE_IO: upload failed',
  exitCode: kind === 'USER' ? 1 : null,
  logUri: null,
});

/** Stores opened by `start`; close them after each test with `closeStores`. */
const opened: MetadataStore[] = [];

/** Close every store `start` opened (use in `afterEach`). */
export async function closeStores(): Promise<void> {
  for (const store of opened.splice(0)) await store.close();
}

/** A runner behind the AttemptRunner port that answers per component; records every request. */
export function scripted(behaviours: Record<string, Behaviour>) {
  const calls: AttemptRequest[] = [];
  const counts = new Map<string, number>();
  const terminated: string[] = [];
  let running = 0;
  let peak = 0;
  const runner: AttemptRunner = {
    liveLogPath: (c) => `/tmp/skiff-test/${c.runId}/${c.taskPath}/${c.attempt}.log`,
    terminateLost: async (logUri) => {
      terminated.push(logUri);
    },
    run: async (req) => {
      calls.push(req);
      const n = (counts.get(req.context.taskPath) ?? 0) + 1;
      counts.set(req.context.taskPath, n);
      running++;
      peak = Math.max(peak, running);
      try {
        const behaviour = behaviours[req.component.name.replace(/^comp-/, '')];
        return behaviour ? await behaviour(req, n) : ok();
      } finally {
        running--;
      }
    },
  };
  return { runner, calls, terminated, peak: () => peak };
}

/** A clock whose time moves only when the engine sleeps: backoff and windows without waiting. */
export function fakeClock(startMs = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = startMs;
  return {
    nowMs: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Create a run of `specText` on `metadata` (else a fresh in-memory store) with the given runner and clock. */
export async function start(
  specText: string,
  runner: AttemptRunner,
  args: Record<string, unknown> = {},
  metadata?: MetadataStore,
  options: { readonly clock?: Clock; readonly onEvent?: (event: EngineEvent) => void } = {},
) {
  const store = metadata ?? (await openSqliteMetadataStore('sqlite::memory:'));
  if (!metadata) opened.push(store);
  const deps: EngineDeps = {
    metadata: store,
    runner,
    clock: options.clock ?? systemClock,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    newId: randomUUID,
    options: { maxParallelTasks: 4, cache: true, workspaceRoot: '/tmp/skiff-test/workspaces' },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
  const spec = loadPipelineText(specText, 'test.json');
  const run = await createRun(deps, {
    pipelineName: spec.name,
    specText,
    arguments: args as never,
    pipelineRoot: 'file:///tmp/skiff-test',
  });
  return { deps, spec, run, store };
}

/** The tasks of a run by path. */
export async function tasksByPath(store: MetadataStore, runId: string) {
  return Object.fromEntries((await store.tasks.listByRun(runId)).map((t) => [t.path, t]));
}

/**
 * A pipeline whose `for-loop-1` doubles each of `items` in a `double` task and whose `sum` adds the
 * collected results; with `withOutput`, the pipeline outputs `total` (sum's Output).
 */
export function doublingLoop(
  name: string,
  items: string,
  options: { readonly parallelismLimit?: number; readonly withOutput?: boolean } = {},
): string {
  return pipeline(
    name,
    {
      double: { inputs: { x: 'NUMBER_INTEGER' }, outputs: { Output: 'NUMBER_INTEGER' } },
      'for-loop-1': {
        inputs: { 'pipelinechannel--loop-item-param-1': 'NUMBER_INTEGER' },
        outputs: { 'pipelinechannel--double-Output': 'LIST' },
        dag: {
          tasks: {
            double: task('double', {
              inputs: { parameters: { x: from.input('pipelinechannel--loop-item-param-1') } },
            }),
          },
          outputs: {
            parameters: {
              'pipelinechannel--double-Output': {
                valueFromParameter: { producerSubtask: 'double', outputParameterKey: 'Output' },
              },
            },
          },
        },
      },
      sum: { inputs: { xs: 'LIST' }, outputs: { Output: 'NUMBER_INTEGER' } },
    },
    {
      tasks: {
        'for-loop-1': task('for-loop-1', {
          parameterIterator: { items: { raw: items }, itemInput: 'pipelinechannel--loop-item-param-1' },
          ...(options.parallelismLimit === undefined
            ? {}
            : { iteratorPolicy: { parallelismLimit: options.parallelismLimit } }),
        }),
        sum: task('sum', {
          dependentTasks: ['for-loop-1'],
          inputs: { parameters: { xs: from.task('for-loop-1', 'pipelinechannel--double-Output') } },
        }),
      },
      ...(options.withOutput
        ? {
            outputs: {
              parameters: {
                total: { valueFromParameter: { producerSubtask: 'sum', outputParameterKey: 'Output' } },
              },
            },
            outputTypes: { total: 'NUMBER_INTEGER' },
          }
        : {}),
    },
  );
}
