import { describe, expect, it } from 'vitest';
import { collectParams, paramText, parseParam, specParameters } from './param-fields';

const spec = {
  root: {
    inputDefinitions: {
      parameters: {
        count: { parameterType: 'NUMBER_INTEGER' },
        rate: { parameterType: 'NUMBER_DOUBLE', defaultValue: 0.5, isOptional: true },
        flag: { parameterType: 'BOOLEAN', defaultValue: true },
        label: { parameterType: 'STRING' },
        items: { parameterType: 'LIST', defaultValue: [1, 2] },
        config: { parameterType: 'STRUCT', isOptional: true },
      },
    },
  },
};

describe('run parameters', () => {
  it('reads the root parameters of a bare or wrapped spec', () => {
    const defs = specParameters({ pipeline_spec: spec, platform_spec: {} });
    expect(defs.map((d) => [d.name, d.type, d.optional])).toEqual([
      ['count', 'NUMBER_INTEGER', false],
      ['rate', 'NUMBER_DOUBLE', true],
      ['flag', 'BOOLEAN', true],
      ['label', 'STRING', false],
      ['items', 'LIST', true],
      ['config', 'STRUCT', true],
    ]);
    expect(specParameters(null)).toEqual([]);
    expect(specParameters({ root: { inputDefinitions: { parameters: 3 } } })).toEqual([]);
  });

  it('parses each type and says what is wrong', () => {
    const [count, rate, flag, label, items, config] = specParameters(spec);
    expect(parseParam(count!, ' 42 ')).toEqual({ kind: 'value', value: 42 });
    expect(parseParam(count!, '4.2')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('whole number'),
    });
    expect(parseParam(count!, '')).toMatchObject({ kind: 'error', message: 'count is required' });
    expect(parseParam(rate!, '1e-3')).toEqual({ kind: 'value', value: 0.001 });
    expect(parseParam(rate!, 'abc')).toMatchObject({ kind: 'error' });
    expect(parseParam(rate!, '')).toEqual({ kind: 'omit' });
    expect(parseParam(flag!, 'false')).toEqual({ kind: 'value', value: false });
    expect(parseParam(label!, '')).toEqual({ kind: 'value', value: '' });
    expect(parseParam(items!, '[1, "a"]')).toEqual({ kind: 'value', value: [1, 'a'] });
    expect(parseParam(items!, '{"a":1}')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('array'),
    });
    expect(parseParam(config!, '{"a":1}')).toEqual({ kind: 'value', value: { a: 1 } });
    expect(parseParam(config!, '[1]')).toMatchObject({ kind: 'error' });
    expect(parseParam(config!, '{oops')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('not JSON'),
    });
  });

  it('prefills defaults and collects values and errors', () => {
    const defs = specParameters(spec);
    expect(paramText('LIST', [1, 2])).toBe('[\n  1,\n  2\n]');
    expect(paramText('BOOLEAN', undefined)).toBe('false');
    const { values, errors } = collectParams(defs, { count: 'x', label: 'hi' });
    expect(values).toEqual({ rate: 0.5, flag: true, label: 'hi', items: [1, 2] });
    expect(Object.keys(errors)).toEqual(['count']);
  });
});
