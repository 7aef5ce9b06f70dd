import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InterfaceSpec, ParameterType } from '../ir/types.js';
import { collectOutputs, parseOutputText } from './collect-outputs.js';
import type { ExecutorInputJson } from './executor-input.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skiff-collect-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const param = (type: ParameterType, isOptional = false) => ({ type, isOptional });
const dataset = {
  type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
  isArtifactList: false,
  isOptional: false,
};

function executorInput(names: string[], artifactNames: string[] = []): ExecutorInputJson {
  return {
    inputs: { parameterValues: {}, artifacts: {} },
    outputs: {
      parameters: Object.fromEntries(names.map((n) => [n, { outputFile: path.join(dir, 'parameters', n) }])),
      artifacts: Object.fromEntries(
        artifactNames.map((n) => [
          n,
          { artifacts: [{ name: n, uri: `file:///root/${n}`, type: dataset.type, metadata: { preset: 1 } }] },
        ]),
      ),
      outputFile: path.join(dir, 'executor_output.json'),
    },
  };
}

async function write(relative: string, text: string) {
  await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await fs.writeFile(path.join(dir, relative), text);
}

describe('collectOutputs', () => {
  it('keeps executor_output.json values as the component wrote them, as KFP does', async () => {
    await write('executor_output.json', JSON.stringify({ parameterValues: { n: '5', flag: 1 } }));
    const declared: InterfaceSpec = {
      parameters: { n: param('NUMBER_INTEGER'), flag: param('BOOLEAN') },
      artifacts: {},
    };
    const result = await collectOutputs(declared, executorInput(['n', 'flag']));
    expect(result).toEqual({ ok: true, outputs: { parameters: { n: '5', flag: 1 }, artifacts: {} } });
  });

  it('prefers executor_output.json parameterValues over the output file', async () => {
    await write('parameters/Output', '999');
    await write('executor_output.json', JSON.stringify({ parameterValues: { Output: 3 } }));
    const declared: InterfaceSpec = { parameters: { Output: param('NUMBER_INTEGER') }, artifacts: {} };
    const result = await collectOutputs(declared, executorInput(['Output']));
    expect(result).toEqual({ ok: true, outputs: { parameters: { Output: 3 }, artifacts: {} } });
  });

  it('reads output files by declared type when executor_output.json lacks them', async () => {
    await write('parameters/s', 'hello\n');
    await write('parameters/i', ' 42\n');
    await write('parameters/d', '2.5');
    await write('parameters/b', 'True');
    await write('parameters/l', '[1, "a"]');
    await write('parameters/m', '{"k": [true]}');
    const declared: InterfaceSpec = {
      parameters: {
        s: param('STRING'),
        i: param('NUMBER_INTEGER'),
        d: param('NUMBER_DOUBLE'),
        b: param('BOOLEAN'),
        l: param('LIST'),
        m: param('STRUCT'),
      },
      artifacts: {},
    };
    const result = await collectOutputs(declared, executorInput(['s', 'i', 'd', 'b', 'l', 'm']));
    expect(result.ok && result.outputs.parameters).toEqual({
      s: 'hello\n',
      i: 42,
      d: 2.5,
      b: true,
      l: [1, 'a'],
      m: { k: [true] },
    });
  });

  it('fails with SKIFF_OUTPUT_MISSING naming the output and the paths looked at', async () => {
    const declared: InterfaceSpec = { parameters: { out: param('STRING') }, artifacts: {} };
    const result = await collectOutputs(declared, executorInput(['out']));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SKIFF_OUTPUT_MISSING');
    expect(result.error.message).toContain('"out"');
    expect(result.error.message).toContain(path.join(dir, 'parameters', 'out'));
    expect(result.error.message).toContain('executor_output.json');
  });

  it('skips a missing optional output parameter', async () => {
    const declared: InterfaceSpec = { parameters: { out: param('STRING', true) }, artifacts: {} };
    expect(await collectOutputs(declared, executorInput(['out']))).toEqual({
      ok: true,
      outputs: { parameters: {}, artifacts: {} },
    });
  });

  it('fails with SKIFF_OUTPUT_TYPE when a file cannot be read as its declared type', async () => {
    await write('parameters/n', 'many');
    const declared: InterfaceSpec = { parameters: { n: param('NUMBER_INTEGER') }, artifacts: {} };
    const result = await collectOutputs(declared, executorInput(['n']));
    expect(!result.ok && result.error.code).toBe('SKIFF_OUTPUT_TYPE');
    expect(!result.ok && result.error.message).toContain('NUMBER_INTEGER');
  });

  it('fails with SKIFF_OUTPUT_TYPE when executor_output.json is not JSON', async () => {
    await write('executor_output.json', 'not json');
    const result = await collectOutputs(
      { parameters: {}, artifacts: { model: dataset } },
      executorInput([], ['model']),
    );
    expect(!result.ok && result.error.code).toBe('SKIFF_OUTPUT_TYPE');
  });

  it('does not read executor_output.json when the component declares no outputs', async () => {
    await write('executor_output.json', 'not json');
    const result = await collectOutputs({ parameters: {}, artifacts: {} }, executorInput([]));
    expect(result).toEqual({ ok: true, outputs: { parameters: {}, artifacts: {} } });
  });

  it('merges artifact metadata and URI overrides from executor_output.json', async () => {
    await write(
      'executor_output.json',
      JSON.stringify({
        artifacts: {
          model: { artifacts: [{ name: 'model', uri: 'file:///custom/m', metadata: { acc: 0.9 } }] },
        },
      }),
    );
    const declared: InterfaceSpec = { parameters: {}, artifacts: { model: dataset, data: dataset } };
    const result = await collectOutputs(declared, executorInput([], ['model', 'data']));
    expect(result.ok && result.outputs.artifacts).toEqual({
      model: [
        { name: 'model', uri: 'file:///custom/m', type: dataset.type, metadata: { preset: 1, acc: 0.9 } },
      ],
      data: [{ name: 'data', uri: 'file:///root/data', type: dataset.type, metadata: { preset: 1 } }],
    });
  });
});

describe('parseOutputText', () => {
  it("accepts the boolean spellings Go's ParseBool accepts and rejects others", () => {
    expect(
      ['true', 'T', '1', 'True', 'TRUE', 'FALSE', 'f', '0', 'False'].map((t) =>
        parseOutputText(t, 'BOOLEAN'),
      ),
    ).toEqual([true, true, true, true, true, false, false, false, false]);
    for (const text of ['yes', 'tRuE', 'fAlse'])
      expect(parseOutputText(text, 'BOOLEAN')).toBeInstanceOf(Error);
  });

  it("reads integers as Go's ParseInt(s, 10, 64) and doubles as decimal ParseFloat", () => {
    expect(parseOutputText(' +42\n', 'NUMBER_INTEGER')).toBe(42);
    expect(parseOutputText('007', 'NUMBER_INTEGER')).toBe(7);
    expect(parseOutputText('9223372036854775807', 'NUMBER_INTEGER')).toBe(Number(2n ** 63n - 1n));
    for (const text of ['3.0', '1e3', '0x10', '1_000', '9223372036854775808', ''])
      expect(parseOutputText(text, 'NUMBER_INTEGER'), text).toBeInstanceOf(Error);
    expect(parseOutputText('1.', 'NUMBER_DOUBLE')).toBe(1);
    expect(parseOutputText('.5', 'NUMBER_DOUBLE')).toBe(0.5);
    expect(parseOutputText('-2.5E-3', 'NUMBER_DOUBLE')).toBe(-0.0025);
    for (const text of ['0b1', '0x10', 'Infinity', 'NaN', '1e999', ''])
      expect(parseOutputText(text, 'NUMBER_DOUBLE'), text).toBeInstanceOf(Error);
  });

  it('rejects fractions for integers, non-lists for LIST and non-objects for STRUCT', () => {
    expect(parseOutputText('1.5', 'NUMBER_INTEGER')).toBeInstanceOf(Error);
    expect(parseOutputText('{}', 'LIST')).toBeInstanceOf(Error);
    expect(parseOutputText('[]', 'STRUCT')).toBeInstanceOf(Error);
    expect(parseOutputText('', 'NUMBER_DOUBLE')).toBeInstanceOf(Error);
  });
});
