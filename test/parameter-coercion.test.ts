// Parameter values reach Python components as KFP's backend passes them: a `str` input takes any
// value as text (loop items, selected fields, constants), other types refuse values of another kind.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeReady } from './launcher-fixture.js';
import { lastJson, runCli, tempHome } from './support/cli.js';
import { from, kfpPython, pipeline, task } from './support/ir-builder.js';

interface RunGet {
  state: string;
  tasks: Array<{
    path: string;
    state: string;
    error: string | null;
    outputs: { parameters: Record<string, unknown> } | null;
  }>;
}

const echoStr = kfpPython(
  'echo_str',
  "def echo_str(text: str) -> str:\n    assert isinstance(text, str), f'got {type(text).__name__} {text!r} for a str input'\n    return text\n",
);
const genDicts = kfpPython('gen_dicts', "def gen_dicts() -> list:\n    return [{'a': 1, 'b': 10}]\n");
const genInts = kfpPython('gen_ints', 'def gen_ints() -> list:\n    return [1, 2]\n');

/** A ParallelFor over `producer`'s list output whose body runs `body` with `text` wired as given. */
function loopOver(name: string, producer: string, text: Record<string, unknown>, body = 'echo-str'): string {
  const items = `pipelinechannel--${producer}-Output`;
  return pipeline(
    name,
    {
      [producer]: { outputs: { Output: 'LIST' }, ...(producer === 'gen-dicts' ? genDicts : genInts) },
      'echo-str': { inputs: { text: 'STRING' }, outputs: { Output: 'STRING' }, ...echoStr },
      'add-one': {
        inputs: { x: 'NUMBER_INTEGER' },
        outputs: { Output: 'NUMBER_INTEGER' },
        ...kfpPython('add_one', 'def add_one(x: int) -> int:\n    return x + 1\n'),
      },
      'for-loop-2': {
        inputs: { [items]: 'LIST', [`${items}-loop-item`]: 'STRING' },
        dag: { tasks: { [body]: task(body, { inputs: { parameters: text } }) } },
      },
    },
    {
      tasks: {
        [producer]: task(producer),
        'for-loop-2': task('for-loop-2', {
          dependentTasks: [producer],
          inputs: { parameters: { [items]: from.task(producer) } },
          parameterIterator: { items: { inputParameter: items }, itemInput: `${items}-loop-item` },
        }),
      },
    },
  );
}

async function run(doc: string): Promise<{ code: number | null; get: RunGet; stderr: string }> {
  const home = tempHome('skiff-coercion-');
  const file = join(home, 'pipeline.json');
  writeFileSync(file, doc);
  const result = await runCli(['run', file, '--json'], { home });
  const runId = lastJson<{ run_id: string }>(result.stdout).run_id;
  const got = await runCli(['runs', 'get', runId, '--json'], { home });
  return { code: result.code, get: lastJson<RunGet>(got.stdout), stderr: result.stderr };
}

function outputsOf(get: RunGet, name: string): unknown[] {
  return get.tasks
    .filter((t) => t.path.endsWith(`.${name}`))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((t) => t.outputs?.parameters.Output);
}

describe.skipIf(!runtimeReady)('parameter values as KFP passes them (skiff run, Python components)', () => {
  it('gives a str input a loop item field picked by parameterExpressionSelector as text', async () => {
    const doc = loopOver('str-coercion-selector', 'gen-dicts', {
      text: {
        componentInputParameter: 'pipelinechannel--gen-dicts-Output-loop-item',
        parameterExpressionSelector: 'parseJson(string_value)["a"]',
      },
    });
    const { code, get, stderr } = await run(doc);
    expect(get.state, stderr).toBe('SUCCEEDED');
    expect(code).toBe(0);
    expect(outputsOf(get, 'echo-str')).toEqual(['1']);
  });

  it('gives a str input a raw number loop item as text', async () => {
    const doc = loopOver('str-coercion-raw-item', 'gen-ints', {
      text: { componentInputParameter: 'pipelinechannel--gen-ints-Output-loop-item' },
    });
    const { get, stderr } = await run(doc);
    expect(get.state, stderr).toBe('SUCCEEDED');
    expect(outputsOf(get, 'echo-str')).toEqual(['1', '2']);
  });

  it("runs the loop_parameter sample's shape: concat of two number fields joins text (110, 220, 330, 440)", async () => {
    const concat = kfpPython(
      'concat_op',
      'def concat_op(a: str, b: str) -> str:\n    print(a + b)\n    return a + b\n',
    );
    const generate = kfpPython(
      'generate_op',
      "def generate_op() -> list:\n    return [{'a': i, 'b': i * 10} for i in range(1, 5)]\n",
    );
    const printOp = kfpPython(
      'print_op',
      'def print_op(text: str) -> str:\n    print(text)\n    return text\n',
    );
    const item = 'pipelinechannel--generate-op-Output-loop-item';
    const field = (key: string) => ({
      componentInputParameter: item,
      parameterExpressionSelector: `parseJson(string_value)["${key}"]`,
    });
    const doc = pipeline(
      'pipeline-with-loop-parameter',
      {
        'generate-op': { outputs: { Output: 'LIST' }, ...generate },
        'print-op': { inputs: { text: 'STRING' }, outputs: { Output: 'STRING' }, ...printOp },
        'print-op-2': { inputs: { text: 'STRING' }, outputs: { Output: 'STRING' }, ...printOp },
        'concat-op': { inputs: { a: 'STRING', b: 'STRING' }, outputs: { Output: 'STRING' }, ...concat },
        'for-loop-2': {
          inputs: { 'pipelinechannel--generate-op-Output': 'LIST', [item]: 'STRING' },
          dag: {
            tasks: {
              'concat-op': task('concat-op', { inputs: { parameters: { a: field('a'), b: field('b') } } }),
              'print-op-2': task('print-op-2', {
                dependentTasks: ['concat-op'],
                inputs: { parameters: { text: from.task('concat-op') } },
              }),
            },
          },
        },
      },
      {
        inputs: { greeting: 'STRING' },
        defaults: { greeting: 'this is a test for looping through parameters' },
        tasks: {
          'print-op': task('print-op', { inputs: { parameters: { text: from.input('greeting') } } }),
          'generate-op': task('generate-op'),
          'for-loop-2': task('for-loop-2', {
            dependentTasks: ['generate-op', 'print-op'],
            inputs: { parameters: { 'pipelinechannel--generate-op-Output': from.task('generate-op') } },
            parameterIterator: {
              items: { inputParameter: 'pipelinechannel--generate-op-Output' },
              itemInput: item,
            },
          }),
        },
      },
    );
    const { get, stderr } = await run(doc);
    expect(get.state, stderr).toBe('SUCCEEDED');
    expect(outputsOf(get, 'concat-op')).toEqual(['110', '220', '330', '440']);
    expect(outputsOf(get, 'print-op-2')).toEqual(['110', '220', '330', '440']);
  });

  it('fails a task whose int input receives a string, naming the input, the types and the source', async () => {
    const doc = loopOver(
      'int-from-str',
      'gen-dicts',
      {
        x: {
          componentInputParameter: 'pipelinechannel--gen-dicts-Output-loop-item',
          parameterExpressionSelector: 'string_value',
        },
      },
      'add-one',
    );
    const { code, get } = await run(doc);
    expect(get.state).toBe('FAILED');
    expect(code).toBe(1);
    const failed = get.tasks.find((t) => t.path.endsWith('.add-one'));
    expect(failed?.state).toBe('FAILED');
    expect(failed?.error).toMatch(/^SKIFF_INPUT_TYPE: /);
    expect(failed?.error).toContain('input parameter "x" is declared NUMBER_INTEGER but receives a string');
    expect(failed?.error).toContain(
      '"pipelinechannel--gen-dicts-Output-loop-item" through the selector "string_value"',
    );
  });
});
