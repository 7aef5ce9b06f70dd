import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import { SkiffError } from '../errors/index.js';
import { loadParamsFile, parseCliParam, parseCliParams, resolveRunArguments } from './arguments.js';
import { loadPipelineText } from './load-pipeline.js';

function specWith(parameters: Record<string, object>, artifacts: Record<string, object> = {}) {
  const raw = rawSpec();
  raw.root.inputDefinitions = {
    parameters: { ...raw.root.inputDefinitions.parameters, ...parameters },
    artifacts,
  };
  return loadPipelineText(JSON.stringify(raw), 'demo.json');
}

const spec = specWith({
  flag: { parameterType: 'BOOLEAN', defaultValue: false, isOptional: true },
  rate: { parameterType: 'NUMBER_DOUBLE', isOptional: true },
  items: { parameterType: 'LIST', isOptional: true },
  config: { parameterType: 'STRUCT', isOptional: true },
});

function error(run: () => unknown): SkiffError {
  try {
    run();
  } catch (e) {
    if (e instanceof SkiffError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseCliParam', () => {
  it.each([
    ['msg=hello=world', ['msg', 'hello=world']],
    ['msg=', ['msg', '']],
    ['n=42', ['n', 42]],
    ['n=-7', ['n', -7]],
    ['rate=0.25', ['rate', 0.25]],
    ['rate=3', ['rate', 3]],
    ['flag=true', ['flag', true]],
    ['flag=False', ['flag', false]],
    ['items=[1, "a"]', ['items', [1, 'a']]],
    ['config={"a": {"b": 2}}', ['config', { a: { b: 2 } }]],
  ])('parses %s by its declared type', (raw, expected) => {
    expect(parseCliParam(raw, spec)).toEqual(expected);
  });

  it.each(['noequals', '=value', ''])('rejects %j as SKIFF_ARG_SYNTAX', (raw) => {
    expect(error(() => parseCliParam(raw, spec)).code).toBe('SKIFF_ARG_SYNTAX');
  });

  it('rejects an unknown name, suggesting the closest and listing the declared parameters', () => {
    const e = error(() => parseCliParam('mgs=hi', spec));
    expect(e.code).toBe('SKIFF_ARG_UNKNOWN');
    expect(e.message).toContain('did you mean "msg"?');
    expect(e.fix).toContain('n (NUMBER_INTEGER, default 3)');
    expect(e.fix).toContain('msg (STRING)');
  });

  it('does not take inherited names such as "constructor" for parameters', () => {
    expect(error(() => parseCliParam('constructor=1', spec)).code).toBe('SKIFF_ARG_UNKNOWN');
  });

  it.each([
    'n=1.5',
    'n=abc',
    'n=',
    'rate=x',
    'flag=yes',
    'items={"a":1}',
    'items=[1,',
    'config=[1]',
  ])('rejects %s as SKIFF_ARG_TYPE', (raw) => {
    const e = error(() => parseCliParam(raw, spec));
    expect(e.code).toBe('SKIFF_ARG_TYPE');
    expect(e.message).toContain(raw.split('=')[0]!);
  });

  it('rejects a name given twice', () => {
    expect(error(() => parseCliParams(['msg=a', 'msg=b'], spec)).code).toBe('SKIFF_ARG_SYNTAX');
    expect(parseCliParams(['msg=a', 'n=2'], spec)).toEqual({ msg: 'a', n: 2 });
  });
});

describe('resolveRunArguments', () => {
  it('applies defaults and keeps optional parameters without a default absent', () => {
    expect(resolveRunArguments(spec, { msg: 'hi' })).toEqual({ msg: 'hi', n: 3, flag: false });
  });

  it('lets given values override defaults and parses strings for non-STRING types', () => {
    expect(resolveRunArguments(spec, { msg: 'hi', n: '5', flag: 'true', items: '[1]' })).toEqual({
      msg: 'hi',
      n: 5,
      flag: true,
      items: [1],
    });
  });

  it('rejects a missing required parameter, with a fix for where the arguments were given', () => {
    const e = error(() => resolveRunArguments(spec, {}));
    expect(e.code).toBe('SKIFF_ARG_MISSING');
    expect(e.message).toContain('msg');
    expect(e.fix).toBe('Pass it with -p msg=VALUE (or in --params FILE).');
    const api = error(() => resolveRunArguments(spec, {}, 'api'));
    expect(api.fix).toBe('Give it in runtime_config.parameters, e.g. {"msg": VALUE}.');
  });

  it('says why a whole number past 2^53 is refused for a NUMBER_INTEGER parameter', () => {
    const e = error(() => resolveRunArguments(spec, { msg: 'x', n: JSON.parse('9007199254740993') }));
    expect(e.code).toBe('SKIFF_ARG_TYPE');
    expect(e.message).toContain('between -9007199254740991 and 9007199254740991');
    expect(error(() => resolveRunArguments(spec, { msg: 'x', n: 1.5 })).message).toMatch(
      /takes a whole number$/,
    );
    // The same on the command line (it said "takes a whole number such as 3").
    const cli = error(() => parseCliParam('n=99999999999999999999', spec));
    expect(cli.code).toBe('SKIFF_ARG_TYPE');
    expect(cli.message).toContain('between -9007199254740991 and 9007199254740991');
    expect(error(() => parseCliParam('n=1.5', spec)).message).toContain('whole number such as 3');
  });

  it('gives a STRING parameter any other value as text, as KFP converts str inputs', () => {
    expect(resolveRunArguments(spec, { msg: 3 }).msg).toBe('3');
    expect(resolveRunArguments(spec, { msg: 1e21 }).msg).toBe('1000000000000000000000');
    expect(resolveRunArguments(spec, { msg: { b: 1, a: [true] } }).msg).toBe('{"a":[true],"b":1}');
  });

  it.each([
    [{ msg: 'x', n: 1.5 }, 'n'],
    [{ msg: 'x', flag: 1 }, 'flag'],
    [{ msg: 'x', items: { a: 1 } }, 'items'],
  ])('rejects %j as SKIFF_ARG_TYPE naming %s', (args, name) => {
    const e = error(() => resolveRunArguments(spec, args));
    expect(e.code).toBe('SKIFF_ARG_TYPE');
    expect(e.location).toBe(name);
  });

  it('rejects unknown names, and says so for input artifacts', () => {
    const withArtifact = specWith(
      {},
      { data: { artifactType: { schemaTitle: 'system.Dataset' }, isOptional: true } },
    );
    expect(error(() => resolveRunArguments(withArtifact, { msg: 'x', mgs: 'y' })).code).toBe(
      'SKIFF_ARG_UNKNOWN',
    );
    expect(error(() => resolveRunArguments(withArtifact, { msg: 'x', data: 'y' })).message).toContain(
      'run arguments carry only parameters',
    );
  });

  it('rejects a required root input artifact, which no argument can supply, and accepts an optional one', () => {
    const required = specWith({}, { data: { artifactType: { schemaTitle: 'system.Dataset' } } });
    const e = error(() => resolveRunArguments(required, { msg: 'x' }));
    expect(e.code).toBe('SKIFF_ARG_MISSING');
    expect(e.message).toContain('data (system.Dataset)');
    const optional = specWith(
      {},
      { data: { artifactType: { schemaTitle: 'system.Dataset' }, isOptional: true } },
    );
    expect(resolveRunArguments(optional, { msg: 'x' })).toEqual({ msg: 'x', n: 3 });
  });

  it('lists every problem in one error', () => {
    const e = error(() => resolveRunArguments(spec, { n: 'x', zzz: 1 }));
    expect(e.message).toContain('3 problems');
  });
});

describe('loadParamsFile', () => {
  async function file(name: string, text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-params-'));
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('reads a JSON object and a YAML object', async () => {
    expect(await loadParamsFile(await file('p.json', '{"msg": "hi", "n": 2}'))).toEqual({ msg: 'hi', n: 2 });
    expect(await loadParamsFile(await file('p.yaml', 'msg: hi\nitems: [1, 2]\n'))).toEqual({
      msg: 'hi',
      items: [1, 2],
    });
  });

  it.each(['[1, 2]', '42', '', 'a: [1', 'a: .inf'])('rejects %j as SKIFF_ARG_FILE', async (text) => {
    await expect(loadParamsFile(await file('p.yaml', text))).rejects.toMatchObject({
      code: 'SKIFF_ARG_FILE',
    });
  });

  it('refuses a named pipe as the --params file at once, without blocking', async () => {
    const fifo = join(await mkdtemp(join(tmpdir(), 'skiff-params-')), 'params.yaml');
    execFileSync('mkfifo', [fifo]);
    const error = await loadParamsFile(fifo).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SKIFF_ARG_FILE' });
    expect((error as Error).message).toContain('it is a named pipe (FIFO), not a regular file');
  }, 5000);

  it('rejects a missing file as SKIFF_ARG_FILE', async () => {
    await expect(loadParamsFile('/nonexistent/skiff/params.yaml')).rejects.toMatchObject({
      code: 'SKIFF_ARG_FILE',
    });
  });
});
