import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli.js';
import { pipeline } from './support/ir-builder.js';

/** Writes `text` to its output parameter p, in a task of its own named `name`. */
const writer = (text: string, delay: string) => ({
  outputs: { p: 'STRING' },
  script: `sleep ${delay}; echo "${text} says hi"; echo ${text} > "$0"; sleep 0.3`,
  args: ["{{$.outputs.parameters['p'].output_file}}"],
});

describe('tasks whose names differ only in characters a path cannot hold', () => {
  it('run in directories and logs of their own: o/x and o_x each keep their output and log', async () => {
    const home = tempHome();
    const spec = JSON.parse(
      pipeline('names', { slash: writer('slash', '0'), under: writer('underscore', '0.1') }, { tasks: {} }),
    );
    spec.root.dag.tasks = {
      'o/x': { componentRef: { name: 'comp-slash' }, taskInfo: { name: 'o/x' } },
      o_x: { componentRef: { name: 'comp-under' }, taskInfo: { name: 'o_x' } },
    };
    const file = join(home, 'names.json');
    writeFileSync(file, JSON.stringify(spec));
    const run = await runCli(['run', file, '--json'], { home, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    const runId: string = result.run_id ?? result.id;
    for (const [task, text] of [
      ['o/x', 'slash'],
      ['o_x', 'underscore'],
    ]) {
      const logs = await runCli(['logs', runId, task!], { home, timeoutMs: 30_000 });
      expect(logs.stdout, `${task}: ${logs.stderr}`).toBe(`${text} says hi\n`);
      const got = await runCli(['runs', 'get', runId, '--json'], { home, timeoutMs: 30_000 });
      expect(got.stdout).toContain(`"${text}\\n"`);
    }
  });
});
