import { describe, expect, it } from 'vitest';
import { skiffErrorOf } from '../errors/testing.js';
import type { JsonValue, ParameterSpec, ParameterType } from '../ir/types.js';
import { applyInputTypes } from './input-types.js';

const task = {
  taskPath: 'loop[0].consumer',
  where: 'components.comp-loop.dag.tasks.consumer',
  inputs: { x: { source: { kind: 'taskOutput', task: 'producer', key: 'Output' } } } as const,
};
const spec = (type: ParameterType, isOptional = false): ParameterSpec => ({ type, isOptional });
const apply = (type: ParameterType, value: JsonValue, isOptional = false) =>
  applyInputTypes(task, { x: spec(type, isOptional) }, { x: value }).x;

describe('applyInputTypes (KFP backend input resolution)', () => {
  it('turns any value reaching a STRING input into text and keeps strings as they are', () => {
    expect(apply('STRING', 1)).toBe('1');
    expect(apply('STRING', 1.5)).toBe('1.5');
    expect(apply('STRING', true)).toBe('true');
    expect(apply('STRING', [1, { b: 2, a: 1 }])).toBe('[1,{"a":1,"b":2}]');
    expect(apply('STRING', null)).toBe('');
    expect(apply('STRING', 'as is')).toBe('as is');
  });

  it('passes values of the declared kind: any number to an integer or double, bools, lists, structs', () => {
    expect(apply('NUMBER_INTEGER', 2)).toBe(2);
    expect(apply('NUMBER_INTEGER', 2.5)).toBe(2.5);
    expect(apply('NUMBER_DOUBLE', 3)).toBe(3);
    expect(apply('BOOLEAN', false)).toBe(false);
    expect(apply('LIST', [])).toEqual([]);
    expect(apply('STRUCT', { a: 1 })).toEqual({ a: 1 });
    expect(apply('TASK_FINAL_STATUS', { state: 'COMPLETE' })).toEqual({ state: 'COMPLETE' });
  });

  it('lets a null reach an optional input as it is, and refuses it for a required one', () => {
    expect(apply('STRING', null, true)).toBeNull();
    expect(apply('NUMBER_INTEGER', null, true)).toBeNull();
    const error = skiffErrorOf(() => apply('NUMBER_INTEGER', null));
    expect(error.code).toBe('SKIFF_INPUT_TYPE');
    expect(error.message).toContain('receives a null');
  });

  it('refuses a value of another kind, naming the task, input, declared type, kind and source', () => {
    const cases: [ParameterType, JsonValue, string][] = [
      ['NUMBER_INTEGER', '1', 'string'],
      ['NUMBER_DOUBLE', true, 'bool'],
      ['BOOLEAN', 'true', 'string'],
      ['LIST', { a: 1 }, 'struct'],
      ['STRUCT', [1], 'list'],
      ['TASK_FINAL_STATUS', 'COMPLETE', 'string'],
    ];
    for (const [type, value, kind] of cases) {
      const error = skiffErrorOf(() => apply(type, value));
      expect(error.code).toBe('SKIFF_INPUT_TYPE');
      expect(error.message).toContain(
        `task "loop[0].consumer" input parameter "x" is declared ${type} but receives a ${kind}`,
      );
      expect(error.message).toContain('from output "Output" of task "producer"');
      expect(error.message).toContain(`type mismatch: expect ${type}, got ${kind}`);
      expect(error.location).toBe('components.comp-loop.dag.tasks.consumer.inputs.parameters.x');
    }
  });

  it('leaves parameters the component does not declare alone', () => {
    expect(applyInputTypes(task, {}, { y: 1 })).toEqual({ y: 1 });
  });
});
