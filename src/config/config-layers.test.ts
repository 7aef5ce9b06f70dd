import { describe, expect, it } from 'vitest';
import { isSkiffError, type SkiffError } from '../errors/index.js';
import { envLayer, fileLayer, flagLayer, parseScalar } from './config-layers.js';

function thrown(action: () => unknown): SkiffError {
  try {
    action();
  } catch (error) {
    if (isSkiffError(error)) return error;
    throw error;
  }
  throw new Error('expected a SkiffError');
}

const FILE = '/etc/skiff/skiff.yaml';

describe('fileLayer', () => {
  it('lists each value the file sets with the file as source', () => {
    expect(fileLayer({ engine: { cache: false }, home: '/h' }, FILE)).toEqual([
      { path: 'home', value: '/h', source: `file:${FILE}` },
      { path: 'engine.cache', value: false, source: `file:${FILE}` },
    ]);
  });

  it('rejects an unknown key with its full path, the file, and the key it probably meant', () => {
    const error = thrown(() => fileLayer({ engine: { maxParalelTasks: 3 } }, FILE));
    expect(error.code).toBe('SKIFF_CONFIG_UNKNOWN_KEY');
    expect(error.location).toBe('engine.maxParalelTasks');
    expect(error.message).toBe(
      `unknown key "engine.maxParalelTasks" in file:${FILE} (did you mean "engine.maxParallelTasks"?)`,
    );
  });

  it('suggests the section a key belongs in when it is written at the wrong level', () => {
    const error = thrown(() => fileLayer({ maxParallelTasks: 3 }, FILE));
    expect(error.message).toContain('(did you mean "engine.maxParallelTasks"?)');
  });

  it('rejects a value of the wrong type naming the key, the value, the source and the rule', () => {
    const error = thrown(() => fileLayer({ engine: { maxParallelTasks: 'lots' } }, FILE));
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.location).toBe('engine.maxParallelTasks');
    expect(error.message).toMatch(
      new RegExp(`^engine\\.maxParallelTasks is "lots" \\(from file:${FILE}\\): .*expected number`),
    );
  });

  it('rejects out-of-range numbers and unknown enum values with a suggestion', () => {
    expect(thrown(() => fileLayer({ engine: { maxParallelTasks: 0 } }, FILE)).message).toContain('>=1');
    const error = thrown(() => fileLayer({ executor: { python: { kfpRuntime: 'instaled' } } }, FILE));
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain('(did you mean "installed"?)');
  });

  it('rejects a pipeline root that is not a URI and a metadata url of another scheme', () => {
    expect(thrown(() => fileLayer({ pipelineRoot: '/data' }, FILE)).message).toContain(
      'file:///data/artifacts',
    );
    expect(thrown(() => fileLayer({ metadata: { url: 'mysql://db' } }, FILE)).code).toBe(
      'SKIFF_CONFIG_INVALID',
    );
  });

  it('rejects a file whose top level is not a mapping', () => {
    const error = thrown(() => fileLayer(['a'], FILE));
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain('the configuration is ["a"]');
  });

  it('reports every problem, unknown keys first', () => {
    const error = thrown(() => fileLayer({ engine: { cache: 'yes' }, colour: 'red' }, FILE));
    expect(error.code).toBe('SKIFF_CONFIG_UNKNOWN_KEY');
    expect(error.message).toContain('and SKIFF_CONFIG_INVALID: engine.cache is "yes"');
  });

  it('masks the password of a metadata url it rejects', () => {
    const error = thrown(() => fileLayer({ metadata: { url: 'mysql://skiff:hunter2@db/skiff' } }, FILE));
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('mysql://skiff:****@db/skiff');
  });
});

describe('envLayer', () => {
  it('maps SKIFF_ variables to keys parsed to their types, in key order', () => {
    const { entries, warnings } = envLayer({
      SKIFF_ENGINE_MAX_PARALLEL_TASKS: '16',
      SKIFF_ENGINE_CACHE: 'FALSE',
      SKIFF_EXECUTOR_PYTHON_KFP_RUNTIME: 'pip',
      SKIFF_CONFIG: '/x.yaml',
      PATH: '/usr/bin',
    });
    expect(entries).toEqual([
      { path: 'engine.maxParallelTasks', value: 16, source: 'env:SKIFF_ENGINE_MAX_PARALLEL_TASKS' },
      { path: 'engine.cache', value: false, source: 'env:SKIFF_ENGINE_CACHE' },
      { path: 'executor.python.kfpRuntime', value: 'pip', source: 'env:SKIFF_EXECUTOR_PYTHON_KFP_RUNTIME' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('rejects a value that does not parse, naming the variable', () => {
    const error = thrown(() => envLayer({ SKIFF_ENGINE_MAX_PARALLEL_TASKS: 'four' }));
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain(
      'engine.maxParallelTasks is "four" (from env:SKIFF_ENGINE_MAX_PARALLEL_TASKS)',
    );
    expect(thrown(() => envLayer({ SKIFF_ENGINE_CACHE: 'yes' })).message).toContain('env:SKIFF_ENGINE_CACHE');
    expect(thrown(() => envLayer({ SKIFF_ENGINE_MAX_PARALLEL_TASKS: '2.5' })).message).toContain('int');
  });

  it('warns about unknown SKIFF_ variables instead of failing, with a suggestion', () => {
    const { entries, warnings } = envLayer({ SKIFF_PIPELINE_ROT: 's3://b', SKIFF_SOMETHING_ELSE: '1' });
    expect(entries).toEqual([]);
    expect(warnings).toEqual([
      'environment variable SKIFF_PIPELINE_ROT is not a Skiff setting and is ignored (did you mean "SKIFF_PIPELINE_ROOT"?)',
      'environment variable SKIFF_SOMETHING_ELSE is not a Skiff setting and is ignored',
    ]);
  });
});

describe('flagLayer', () => {
  it('names the flag when its value is invalid', () => {
    const error = thrown(() => flagLayer({ 'engine.maxParallelTasks': { value: '0', flag: '--parallel' } }));
    expect(error.code).toBe('SKIFF_CONFIG_INVALID');
    expect(error.message).toContain('(from flag:--parallel)');
  });

  it('rejects a flag mapped to a key that does not exist', () => {
    const error = thrown(() => flagLayer({ pipelineRot: { value: 's3://b', flag: '--pipeline-root' } }));
    expect(error.code).toBe('SKIFF_CONFIG_UNKNOWN_KEY');
    expect(error.message).toContain('(did you mean "pipelineRoot"?)');
  });
});

describe('parseScalar', () => {
  it('parses numbers and true/false/1/0 booleans and leaves anything else as text', () => {
    expect(parseScalar(' 42 ', 'number')).toBe(42);
    expect(parseScalar('1e3', 'number')).toBe(1000);
    expect(parseScalar('0x10', 'number')).toBe('0x10');
    expect(parseScalar('1', 'boolean')).toBe(true);
    expect(parseScalar('False', 'boolean')).toBe(false);
    expect(parseScalar('on', 'boolean')).toBe('on');
    expect(parseScalar('007', 'string')).toBe('007');
  });
});
