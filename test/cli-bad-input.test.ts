import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli.js';
import { from, pipeline, task } from './support/ir-builder.js';

const adder = pipeline(
  'adder',
  { add: { inputs: { a: 'NUMBER_INTEGER', b: 'NUMBER_INTEGER' }, outputs: { Output: 'NUMBER_INTEGER' } } },
  {
    tasks: { add: task('add', { inputs: { parameters: { a: from.input('a'), b: from.input('b') } } }) },
    inputs: { a: 'NUMBER_INTEGER', b: 'NUMBER_INTEGER', tags: 'LIST' },
    defaults: { tags: [] },
  },
);

// biome-ignore lint/suspicious/noExplicitAny: the tests edit arbitrary IR JSON
function withTasks(doc: string, edit: (spec: Record<string, any>) => void): string {
  const spec = JSON.parse(doc);
  edit(spec);
  return JSON.stringify(spec);
}

const broken: Array<[string, string, string[], RegExp, RegExp]> = [
  [
    'a cycle',
    withTasks(adder, (s) => {
      s.root.dag.tasks.add.dependentTasks = ['other'];
      s.root.dag.tasks.other = {
        componentRef: { name: 'comp-add' },
        taskInfo: { name: 'other' },
        dependentTasks: ['add'],
      };
    }),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_IR_CYCLE/,
    /add/,
  ],
  [
    'an unknown component',
    withTasks(adder, (s) => {
      s.root.dag.tasks.add.componentRef.name = 'comp-ad';
    }),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_IR_UNKNOWN_COMPONENT/,
    /root\.dag\.tasks\.add\.componentRef\.name[\s\S]*did you mean "comp-add"/,
  ],
  [
    'an unknown executor',
    withTasks(adder, (s) => {
      s.components['comp-add'].executorLabel = 'exec-nope';
    }),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_IR_UNKNOWN_EXECUTOR/,
    /exec-nope/,
  ],
  [
    'an unknown producer output',
    withTasks(adder, (s) => {
      s.root.dag.tasks.sum2 = {
        componentRef: { name: 'comp-add' },
        taskInfo: { name: 'sum2' },
        inputs: { parameters: { a: from.task('add', 'Nope'), b: from.input('b') } },
      };
    }),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_IR_UNKNOWN_OUTPUT/,
    /Nope/,
  ],
  [
    'malformed CEL',
    withTasks(adder, (s) => {
      s.root.dag.tasks.add.triggerPolicy = { condition: "inputs.parameter_values['a'] ==" };
    }),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_IR_BAD_CONDITION/,
    /triggerPolicy/,
  ],
  [
    'a wrong default type',
    withTasks(adder, (s) => {
      s.root.inputDefinitions.parameters.tags.defaultValue = 'not-a-list';
    }),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_IR_BAD_DEFAULT/,
    /tags/,
  ],
  [
    'a default nested 8,000 levels deep',
    adder.replace('"defaultValue":[]', `"defaultValue":${'['.repeat(8000)}${']'.repeat(8000)}`),
    ['-p', 'a=1', '-p', 'b=2'],
    /SKIFF_NESTING_TOO_DEEP/,
    /pipeline\.json .*200 levels[\s\S]*root\.inputDefinitions\.parameters\.tags\.defaultValue/,
  ],
  [
    'a -p LIST value nested 8,000 levels deep',
    adder,
    ['-p', 'a=1', '-p', 'b=2', '-p', `tags=${'['.repeat(8000)}${']'.repeat(8000)}`],
    /SKIFF_ARG_TYPE/,
    /tags[\s\S]*200 levels/,
  ],
  ['a missing required argument', adder, ['-p', 'a=1'], /SKIFF_ARG_MISSING/, /"b"|b\b/],
  ['a bad -p value', adder, ['-p', 'a=one', '-p', 'b=2'], /SKIFF_ARG_TYPE/, /a/],
  ['a -p without =', adder, ['-p', 'a', '-p', 'b=2'], /SKIFF_ARG_SYNTAX/, /NAME=VALUE|name=value/i],
  ['an unknown argument', adder, ['-p', 'a=1', '-p', 'b=2', '-p', 'c=3'], /SKIFF_ARG_UNKNOWN/, /c/],
  ['a bad LIST value', adder, ['-p', 'a=1', '-p', 'b=2', '-p', 'tags=[1,'], /SKIFF_ARG_TYPE/, /tags/],
];

describe('skiff run refuses bad input with exit 2, a coded error with location and fix, and creates no run', () => {
  it.concurrent.each(broken)('%s', async (_name, doc, args, code, detail) => {
    const home = tempHome();
    const file = join(home, 'pipeline.json');
    writeFileSync(file, doc);
    const result = await runCli(['run', file, ...args], { home });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(code);
    expect(result.stderr).toMatch(detail);
    expect(result.stderr).toContain('fix:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const runs = await runCli(['runs', 'list', '--json'], { home });
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });

  it('refuses a YAML pipeline and a --params file nested 8,000 levels deep with SKIFF_NESTING_TOO_DEEP', async () => {
    const home = tempHome();
    const yaml = join(home, 'deep.yaml');
    writeFileSync(
      yaml,
      `# compiled\n${adder.replace('"defaultValue":[]', `"defaultValue":${'['.repeat(8000)}${']'.repeat(8000)}`)}`,
    );
    const deepYaml = await runCli(['run', yaml, '-p', 'a=1', '-p', 'b=2'], { home });
    expect(deepYaml.code, deepYaml.stderr).toBe(2);
    expect(deepYaml.stderr).toMatch(/SKIFF_NESTING_TOO_DEEP: \S*deep\.yaml .* at line 2/);
    const file = join(home, 'pipeline.json');
    writeFileSync(file, adder);
    const params = join(home, 'params.yaml');
    writeFileSync(params, `a: 1\nb: 2\ntags:\n${'- '.repeat(8000)}x\n`);
    const deepParams = await runCli(['run', file, '--params', params], { home });
    expect(deepParams.code, deepParams.stderr).toBe(2);
    expect(deepParams.stderr).toMatch(/SKIFF_NESTING_TOO_DEEP: --params file .*params\.yaml/);
    expect(deepParams.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing pipeline file as SKIFF_IR_READ', async () => {
    const home = tempHome();
    const result = await runCli(['run', join(home, 'nope.yaml')], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/SKIFF_IR_READ/);
  });

  it('with --json, prints an error that stops the command as JSON on stdout too (a script gets JSON either way)', async () => {
    const home = tempHome();
    const missing = join(home, 'nope.yaml');
    const run = await runCli(['run', missing, '--json'], { home });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'SKIFF_IR_READ',
        message: expect.stringContaining(missing),
        location: missing,
        fix: 'Check the path and its permissions.',
      },
    });
    expect(run.stderr).toMatch(/SKIFF_IR_READ/);
    const usage = await runCli(['runs', 'get', '--json'], { home });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.code).toBe('SKIFF_CLI_USAGE');
    const unknown = await runCli(['runs', 'get', 'abcdef', '--json'], { home });
    expect(JSON.parse(unknown.stdout).error.code).toBe('SKIFF_RUN_NOT_FOUND');
  });

  it('reports an unknown config key with its source and a suggestion', async () => {
    const home = tempHome();
    const config = join(home, 'skiff.yaml');
    writeFileSync(config, 'engine:\n  maxParalelTasks: 3\n');
    const result = await runCli(['config', '--config', config], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/SKIFF_CONFIG_UNKNOWN_KEY/);
    expect(result.stderr).toContain('maxParallelTasks');
  });
});
