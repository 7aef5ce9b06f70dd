import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';
import { startPostgres } from './support/postgres.js';

const server = await startPostgres();

/** produce writes a greeting; consume reads it and outputs it in upper case. */
const greeting = pipeline(
  'pg-greeting',
  {
    produce: {
      outputs: { Output: 'STRING' },
      command: ['sh', '-c', 'mkdir -p "$(dirname "$0")" && printf hello > "$0"'],
      args: ["{{$.outputs.parameters['Output'].output_file}}"],
    },
    consume: {
      inputs: { text: 'STRING' },
      outputs: { Output: 'STRING' },
      command: ['sh', '-c', 'mkdir -p "$(dirname "$1")" && printf "%s" "$0" | tr a-z A-Z > "$1"'],
      args: ["{{$.inputs.parameters['text']}}", "{{$.outputs.parameters['Output'].output_file}}"],
    },
  },
  {
    tasks: {
      produce: task('produce'),
      consume: task('consume', {
        inputs: { parameters: { text: from.task('produce', 'Output') } },
        dependentTasks: ['produce'],
      }),
    },
    outputs: {
      parameters: {
        result: { valueFromParameter: { producerSubtask: 'consume', outputParameterKey: 'Output' } },
      },
    },
    outputTypes: { result: 'STRING' },
  },
);

interface RunGet {
  run_id: string;
  state: string;
  outputs: Record<string, unknown>;
  tasks: Array<{ path: string; state: string; attempts: unknown[] }>;
}

describe('skiff with a PostgreSQL metadata store', () => {
  it.skipIf('reason' in server)(
    `runs a pipeline recording into postgres:// and reads it back with runs get${
      'reason' in server ? ` (skipped: ${server.reason})` : ''
    }`,
    async () => {
      if ('reason' in server) return;
      const home = tempHome();
      const file = join(home, 'pipeline.json');
      writeFileSync(file, greeting);
      const flags = ['--metadata-url', server.url];
      const result = await runCli(['run', file, '--json', ...flags], { home });
      expect(result.code, result.stderr).toBe(0);
      const { run_id, state } = lastJson<{ run_id: string; state: string }>(result.stdout);
      expect(state).toBe('SUCCEEDED');

      const get = await runCli(['runs', 'get', run_id, '--json', ...flags], { home });
      expect(get.code, get.stderr).toBe(0);
      const run = lastJson<RunGet>(get.stdout);
      expect(run.run_id).toBe(run_id);
      expect(run.state).toBe('SUCCEEDED');
      expect(run.outputs).toEqual({ result: 'HELLO' });
      const consume = run.tasks.find((t) => t.path === 'consume');
      expect(consume?.state).toBe('SUCCEEDED');
      expect(consume?.attempts).toHaveLength(1);
      // The default SQLite store was not used instead: it knows no such run.
      const local = await runCli(['runs', 'get', run_id, '--json'], { home });
      expect(local.code).not.toBe(0);
    },
  );

  it('fails fast with SKIFF_METADATA_OPEN when nothing listens at the URL, without printing the password', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const home = tempHome();
    const file = join(home, 'pipeline.json');
    writeFileSync(file, greeting);
    const started = Date.now();
    const url = `postgres://skiff:hunter2@127.0.0.1:${port}/skiff`;
    const result = await runCli(['run', file, '--metadata-url', url], { home });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('SKIFF_METADATA_OPEN');
    expect(result.stderr).toContain(`127.0.0.1:${port}`);
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  });
});

afterAll(async () => {
  if (!('reason' in server)) await server.stop();
});
