import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mainWrapper } from './pod-command.js';
import { parsePodOutcome } from './pod-outcome.js';
import type { PodPlan } from './pod-plan.js';
import { runSidecar } from './pod-sidecar.js';

let dir: string;
let root: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-pod-'));
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-root-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(root, { recursive: true, force: true });
});

function plan(command: string[], overrides: Partial<PodPlan> = {}): PodPlan {
  return {
    version: 1,
    context: {
      runId: 'run-1',
      pipelineName: 'p',
      jobName: 'job',
      jobResourceName: 'p-12345678',
      pipelineRoot: `file://${root}`,
      jobCreateTimeMs: 0,
      taskId: 't1',
      taskPath: 'produce',
      taskName: 'produce',
      attempt: 1,
      workspacePath: `${dir}/workspace`,
    },
    component: {
      kind: 'executor',
      name: 'comp-produce',
      executorLabel: 'exec-produce',
      inputs: { parameters: {}, artifacts: {} },
      outputs: {
        parameters: { answer: { type: 'NUMBER_INTEGER' } },
        artifacts: { data: { type: { schemaTitle: 'system.Dataset' } } },
      },
    } as unknown as PodPlan['component'],
    container: {
      kind: 'container',
      image: 'alpine',
      command,
      args: [],
      env: [{ name: 'GREETING', value: 'hi' }],
    },
    inputs: { parameters: { n: 41 }, artifacts: {} },
    kfpRuntime: 'auto',
    storage: { providers: [], retry: { maxAttempts: 1, budgetSeconds: 1 } },
    ...overrides,
  };
}

/** Run the sidecar and the main container's wrapper side by side, as the two containers of a pod. */
async function runPod(p: PodPlan) {
  const terminationLog = path.join(dir, 'termination-log');
  let out = '';
  const main = new Promise<number>((resolve) => {
    const [cmd, ...args] = mainWrapper(dir);
    const child = spawn(cmd!, args, { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
  const sidecar = await runSidecar({
    plan: p,
    env: {},
    dir,
    runtimeSource: path.resolve('python'),
    terminationLog,
    out: { write: (text) => (out += text) },
    pollMs: 10,
  });
  const mainCode = await main;
  const outcome = parsePodOutcome(await fs.readFile(terminationLog, 'utf8'));
  return { sidecar, mainCode, outcome, out };
}

describe('the sidecar of a task pod', () => {
  it('runs the resolved command in the main container, then collects and stores its outputs and log', async () => {
    const p = plan([
      'sh',
      '-c',
      'echo "$GREETING $0"; echo 42 > "$1"; mkdir -p "$(dirname "$2")"; echo rows > "$2"',
      "{{$.inputs.parameters['n']}}",
      "{{$.outputs.parameters['answer'].output_file}}",
      "{{$.outputs.artifacts['data'].path}}",
    ]);
    const { sidecar, mainCode, outcome, out } = await runPod(p);
    expect([sidecar, mainCode]).toEqual([0, 0]);
    expect(out).toContain('hi 41');
    expect(outcome).toMatchObject({ ok: true, outputs: { parameters: { answer: 42 } } });
    if (outcome === null || !('ok' in outcome) || !outcome.ok) throw new Error('no outcome');
    const [data] = outcome.outputs.artifacts.data ?? [];
    expect(await fs.readFile(new URL(data!.uri), 'utf8')).toBe('rows\n');
    expect(await fs.readFile(new URL(outcome.logUri!), 'utf8')).toContain('hi 41');
    // Also stored next to the log, for a server that finds the pod gone when it resumes.
    const stored = JSON.parse(await fs.readFile(new URL(`${outcome.logUri}.outcome.json`), 'utf8'));
    expect(stored).toEqual(outcome);
  });

  it('reports a non-zero exit with its code, and stores the log', async () => {
    const { mainCode, outcome } = await runPod(plan(['sh', '-c', 'echo broken; exit 3']));
    expect(mainCode).toBe(3);
    expect(outcome).toMatchObject({ ok: false, kind: 'USER', exitCode: 3 });
    if (outcome === null || !('ok' in outcome)) throw new Error('no outcome');
    expect(await fs.readFile(new URL(outcome.logUri!), 'utf8')).toContain('broken');
  });

  it('fails the attempt with the storage error, without running the command, when an input cannot be staged', async () => {
    const p = plan(['sh', '-c', 'touch ran'], {
      inputs: {
        parameters: {},
        artifacts: {
          data: [
            {
              id: 'a',
              name: 'data',
              uri: 's3://nowhere/x',
              schemaTitle: 'system.Dataset',
              schemaVersion: '0.0.1',
              metadata: {},
            },
          ],
        },
      } as unknown as PodPlan['inputs'],
    });
    const { mainCode, outcome } = await runPod(p);
    expect(mainCode).toBe(0);
    expect(outcome).toMatchObject({ ok: false, exitCode: null });
    if (outcome === null || !('ok' in outcome) || outcome.ok) throw new Error('no failure');
    expect(outcome.message).toMatch(/^SKIFF_EXEC_NOT_LOCAL: input artifact "data" is at s3:\/\/nowhere\/x/);
    await expect(fs.stat(path.join(dir, 'work', 'run-1', 'produce.1', 'ran'))).rejects.toThrow();
  });

  it('runs a KFP lightweight Python component with the bundled runtime', async () => {
    const source = 'from kfp import dsl\n\n@dsl.component\ndef add(a: int) -> int:\n    return a + 1\n';
    const command = [
      'sh',
      '-c',
      'python3 -m pip install kfp==2.7.0 && "$0" "$@"',
      'sh',
      '-ec',
      'program_path=$(mktemp -d)\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main --component_module_path "$program_path/ephemeral_component.py" "$@"\n',
      source,
      '--executor_input',
      '{{$}}',
      '--function_to_execute',
      'add',
    ];
    const p = plan(command, {
      component: {
        kind: 'executor',
        name: 'comp-add',
        executorLabel: 'exec-add',
        inputs: { parameters: { a: { type: 'NUMBER_INTEGER' } }, artifacts: {} },
        outputs: { parameters: { Output: { type: 'NUMBER_INTEGER' } }, artifacts: {} },
      } as unknown as PodPlan['component'],
      inputs: { parameters: { a: 41 }, artifacts: {} },
    });
    const { outcome } = await runPod(p);
    expect(outcome).toMatchObject({ ok: true, outputs: { parameters: { Output: 42 } } });
  });
  it('uploads an output artifact the component kept outside the shared volume (set_path), copied over by the main container', async () => {
    // In a pod, /tmp of the main container is not the sidecar's: only the main container can copy it.
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-main-fs-'));
    try {
      const custom = path.join(outside, 'out_dataset');
      const p = plan([
        'sh',
        '-c',
        `echo 42 > "$0"; echo custom rows > ${custom}; printf '%s' '{"artifacts":{"data":{"artifacts":[{"name":"data","custom_path":"${custom}"}]}}}' > "$1"`,
        "{{$.outputs.parameters['answer'].output_file}}",
        '{{$.outputs.output_file}}',
      ]);
      const started = Date.now();
      const { mainCode, outcome } = await runPod(p);
      expect(mainCode).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      if (outcome === null || !('ok' in outcome) || !outcome.ok)
        throw new Error(`no outcome: ${JSON.stringify(outcome)}`);
      expect(await fs.readFile(path.join(dir, 'kept', '0'), 'utf8')).toBe('custom rows\n');
      const [data] = outcome.outputs.artifacts.data ?? [];
      expect(await fs.readFile(new URL(data!.uri), 'utf8')).toBe('custom rows\n');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('lets the main container end at once after a zero exit whose outputs cannot be collected', async () => {
    const started = Date.now();
    const { mainCode, outcome } = await runPod(plan(['sh', '-c', 'echo no outputs written']));
    expect(mainCode).toBe(0);
    expect(outcome).toMatchObject({ ok: false });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(fs.stat(path.join(dir, '.handover'))).resolves.toBeDefined();
  });
});
