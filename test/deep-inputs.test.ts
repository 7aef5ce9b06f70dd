import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { pipeline, task } from './support/ir-builder.js';

// JSON and YAML that a component or a user writes past Skiff's depth limit: the attempt (or the
// command) ends with a coded error, and the run stays readable afterwards.

const LEVELS = 10_000;
/** Python that writes `prefix + [[…]] + suffix` (LEVELS deep) to the file named by argv[1]. */
const writeDeep = (prefix: string, suffix: string) =>
  `python3 -c 'import sys; open(sys.argv[1], "w").write(${JSON.stringify(prefix)} + "[" * ${LEVELS} + "]" * ${LEVELS} + ${JSON.stringify(suffix)})'`;

const deepOutputs = pipeline(
  'deep-outputs',
  {
    param: {
      outputs: { out: 'LIST' },
      script: `${writeDeep('{"parameterValues": {"out": ', '}}')} "{{$.outputs.output_file}}"`,
    },
    meta: {
      outputArtifacts: { data: 'system.Dataset' },
      script: `echo hi > "{{$.outputs.artifacts['data'].path}}"; ${writeDeep('{"artifacts": {"data": {"artifacts": [{"metadata": {"m": ', '}}]}}}')} "{{$.outputs.output_file}}"`,
    },
    file: {
      outputs: { out: 'LIST' },
      script: `${writeDeep('', '')} "{{$.outputs.parameters['out'].output_file}}"`,
    },
  },
  { tasks: { param: task('param'), meta: task('meta'), file: task('file') } },
);

interface Details {
  run: { state: string };
  tasks: {
    path: string;
    state: string;
    attempts: { failureKind: string | null; message: string | null }[];
  }[];
}

describe('outputs nested past the limit', () => {
  it('fail their attempt as USER naming the output and the limit, and `runs get` still reads the run', async () => {
    const home = tempHome('skiff-deep-');
    const file = join(home, 'deep.json');
    writeFileSync(file, deepOutputs);
    const run = await runCli(['run', file, '--json'], { home, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toContain('SKIFF_INTERNAL');
    expect(run.stderr).not.toContain('call stack');
    const { run_id } = lastJson<{ run_id: string }>(run.stdout);
    const got = await runCli(['runs', 'get', run_id, '--json'], { home });
    expect(got.code, got.stderr).toBe(0);
    const details = lastJson<Details>(got.stdout);
    expect(details.run.state).toBe('FAILED');
    const attempt = (path: string) => {
      const found = details.tasks.find((t) => t.path === path);
      expect(found?.state).toBe('FAILED');
      expect(found?.attempts).toHaveLength(1);
      expect(found?.attempts[0]?.failureKind).toBe('USER');
      return found?.attempts[0]?.message ?? '';
    };
    expect(attempt('param')).toMatch(/SKIFF_OUTPUT_TOO_LARGE: .*output parameter "out".*200 levels/);
    expect(attempt('meta')).toMatch(/SKIFF_OUTPUT_TOO_LARGE: .*output artifact "data".*200 levels/);
    expect(attempt('file')).toMatch(/SKIFF_OUTPUT_TYPE: .*output parameter "out".*200 levels/);
    const text = await runCli(['runs', 'get', run_id], { home });
    expect(text.code, text.stderr).toBe(0);
  }, 90_000);
});

describe('configuration nested past the limit', () => {
  it('ends `skiff config` with SKIFF_CONFIG_READ naming the file (exit 2, no stack trace)', async () => {
    const home = tempHome('skiff-deep-');
    const file = join(home, 'skiff.yaml');
    writeFileSync(file, `home: ${home}\nextra: ${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}\n`);
    const result = await runCli(['config', '--config', file], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `SKIFF_CONFIG_READ: config file ${file} nests mappings and lists more than 200`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
