import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';

/** Asserts a usage error: exit 2, a SKIFF_CLI_USAGE line matching `message`, a fix, no stack. */
function expectUsage(result: { code: number | null; stderr: string }, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^error SKIFF_CLI_USAGE: /m);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/\n {2}fix: .*--help/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("Commander's own errors are coded usage errors", () => {
  const home = tempHome();

  it.concurrent.each([
    ['a missing argument', ['logs'], /missing required argument 'run'[\s\S]*skiff logs --help/],
    [
      'an unknown option',
      ['runs', 'list', '--bogus'],
      /unknown option '--bogus'[\s\S]*skiff runs list --help/,
    ],
    ['an unknown command', ['rn'], /unknown command 'rn'[\s\S]*skiff --help/],
    ['an option without its value', ['runs', 'list', '--limit'], /option '--limit <n>' argument missing/],
    ['too many arguments', ['runs', 'get', 'a', 'b'], /too many arguments/],
  ])('%s', async (_, args, message) => {
    expectUsage(await runCli(args, { home }), message);
  });

  it.concurrent.each([
    ['abc'],
    ['0'],
    ['-1'],
    ['1.5'],
    ['2e3'],
  ])('refuses runs list --limit %s', async (value) => {
    const result = await runCli(['runs', 'list', '--limit', value], { home });
    expectUsage(result, new RegExp(`--limit <n>.*'${value.replace('.', '\\.')}'.*whole number`));
  });

  it('keeps help and version at exit 0 with no error', async () => {
    for (const args of [['--help'], ['--version'], ['runs', 'list', '--help']]) {
      const result = await runCli(args, { home });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('SKIFF_');
    }
  });
});

describe('skiff logs --attempt for an attempt the task does not have', () => {
  const home = tempHome();
  let runId: string;
  beforeAll(async () => {
    const file = join(home, 'hello.json');
    writeFileSync(file, pipeline('hello', { say: { script: 'echo hi' } }, { tasks: { say: task('say') } }));
    const run = await runCli(['run', file, '--json'], { home });
    expect(run.code, run.stderr).toBe(0);
    runId = (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { run_id: string }).run_id;
  });

  it('exits 2 with SKIFF_ATTEMPT_NOT_FOUND naming the attempts there are', async () => {
    const result = await runCli(['logs', runId, 'say', '--attempt', '9'], { home });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/SKIFF_ATTEMPT_NOT_FOUND: task "say" has no attempt 9; it has attempt 1\b/);
    expect(result.stderr).toContain('fix:');
    const first = await runCli(['logs', runId, 'say', '--attempt', '1'], { home });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('hi');
  });

  it('refuses --attempt values that are not positive integers as usage errors', async () => {
    expectUsage(await runCli(['logs', runId, 'say', '--attempt', 'x'], { home }), /--attempt <n>.*'x'/);
  });
});
