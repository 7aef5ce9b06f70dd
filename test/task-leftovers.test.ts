import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';
import { callJson } from './support/kfp-api.js';
import { marked, noneLeft } from './support/marked-processes.js';
import { waitFor } from './support/recurring-runs.js';
import { startTestServer } from './support/server.js';

/**
 * What a task starts ends with it, as in a pod: processes it leaves in its process group when it
 * exits, and those it put in sessions of their own (setsid) by the time skiff ends, also when they
 * ignore SIGTERM. Processes are found by a mark in their environment.
 */
describe("a task's leftover processes", () => {
  const run = async (script: string, mark: string, env: Record<string, string> = {}) => {
    const home = tempHome();
    const file = join(home, 'p.json');
    writeFileSync(file, pipeline('leftovers', { a: { script } }, { tasks: { a: task('a') } }));
    return runCli(['run', file], { home, timeoutMs: 60_000, env: { CTRL_C_MARK: mark, ...env } });
  };

  it('end when a task that started them in the background exits, in its group or in a session of its own', async () => {
    const mark = `leftovers-${process.pid}-${Date.now()}`;
    const result = await run('sleep 1231 & setsid sleep 1232 & echo started', mark);
    expect(result.code, result.stderr).toBe(0);
    expect(await noneLeft(mark)).toEqual([]);
  });

  it('end with a KFP Python function task run by the fork server, in its group or a session of its own', async () => {
    const mark = `leftovers-python-${process.pid}-${Date.now()}`;
    const home = tempHome();
    const file = join(home, 'p.json');
    writeFileSync(file, JSON.stringify(pythonSpec(['1236', '1237'])));
    const result = await runCli(['run', file], { home, timeoutMs: 60_000, env: { CTRL_C_MARK: mark } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const left = await noneLeft(mark);
    for (const line of left) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    expect(left).toEqual([]);
  });

  it('end under a `skiff server` that runs on, once no task has run for a second (container and Python tasks)', async () => {
    const mark = `leftovers-server-${process.pid}-${Date.now()}`;
    const server = await startTestServer({ CTRL_C_MARK: mark });
    const sleeps = () => marked(mark).filter((line) => / sleep 12(38|39|40)/.test(line));
    try {
      const spec = pythonSpec(['1238', '1239']);
      spec.components['comp-sh'] = { executorLabel: 'exec-sh' };
      spec.deploymentSpec.executors['exec-sh'] = {
        container: { image: 'alpine', command: ['sh', '-c', 'setsid sleep 1240 & echo started'] },
      };
      spec.root.dag.tasks.sh = { componentRef: { name: 'comp-sh' }, taskInfo: { name: 'sh' } };
      const created = await callJson(server, 'POST', '/apis/v2beta1/runs', {
        display_name: 'leftovers',
        pipeline_spec: spec,
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      const id = String(created.json.run_id);
      await waitFor(
        'the run to succeed',
        async () =>
          (await callJson(server, 'GET', `/apis/v2beta1/runs/${id}`)).json.state === 'SUCCEEDED'
            ? true
            : undefined,
        60_000,
      );
      // The server's helpers (the spawner and the fork server) end them by themselves.
      await waitFor('the leftovers to end', async () => (sleeps().length === 0 ? true : undefined), 10_000);
      expect((await server.request('/healthz')).status).toBe(200);
    } finally {
      for (const line of sleeps()) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      await server.close();
    }
  }, 90_000);

  it('end when a task times out, also a setsid child that ignores SIGTERM', async () => {
    const mark = `leftovers-timeout-${process.pid}-${Date.now()}`;
    const script =
      "trap '' TERM INT; (trap '' TERM INT HUP; sleep 1233) & setsid sh -c \"trap '' TERM; sleep 1234\" & while true; do sleep 1; done";
    const result = await run(script, mark, { SKIFF_EXECUTOR_TIMEOUT_SECONDS: '2' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SKIFF_EXEC_TIMEOUT');
    const left = await noneLeft(mark);
    for (const line of left) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    expect(left).toEqual([]);
    expect(marked(mark)).toEqual([]);
  });
});

/**
 * A KFP Python function component (run by the fork server) whose task starts `sleep` with the
 * given arguments: the first in its process group, the second in a session of its own.
 */
// biome-ignore lint/suspicious/noExplicitAny: the test edits the spec's JSON
function pythonSpec([inGroup, ownSession]: [string, string]): Record<string, any> {
  const script =
    'program_path=$(mktemp -d)\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n' +
    'python3 -m kfp.dsl.executor_main --component_module_path "$program_path/ephemeral_component.py" "$@"\n';
  const source =
    '\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n' +
    'def bg() -> str:\n' +
    '    import subprocess\n' +
    `    subprocess.Popen(['sleep', '${inGroup}'])\n` +
    `    subprocess.Popen(['sleep', '${ownSession}'], start_new_session=True)\n` +
    "    return 'ok'\n";
  const spec = JSON.parse(
    pipeline('leftovers-python', { bg: { outputs: { Output: 'STRING' } } }, { tasks: { bg: task('bg') } }),
  );
  spec.deploymentSpec.executors['exec-bg'].container.command = ['sh', '-ec', script, source];
  spec.deploymentSpec.executors['exec-bg'].container.args = [
    '--executor_input',
    '{{$}}',
    '--function_to_execute',
    'bg',
  ];
  return spec;
}
