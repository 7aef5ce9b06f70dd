import { describe, expect, it } from 'vitest';
import { skiffErrorOf } from '../errors/testing.js';
import type { Iterator } from '../ir/types.js';
import { evaluateCel } from './cel-program.js';
import { loopItems } from './loop-items.js';

const deep = (levels: number) => `[${'['.repeat(levels)}${']'.repeat(levels)}]`;
const fromInput: Iterator = { kind: 'parameter', items: { kind: 'input', name: 'items' }, itemInput: 'item' };

describe('loop items from a string output', () => {
  it('iterates a JSON list held in a string', () => {
    const items = loopItems(
      fromInput,
      { parameters: { items: '[1, [2]]' }, artifacts: {} },
      'root.dag.tasks.loop',
    );
    expect(items.map((item) => item.value)).toEqual([1, [2]]);
  });

  it('refuses items nested 10,000 levels deep with SKIFF_NESTING_TOO_DEEP (not a RangeError when recorded)', () => {
    const inputs = { parameters: { items: deep(10_000) }, artifacts: {} };
    const error = skiffErrorOf(() => loopItems(fromInput, inputs, 'root.dag.tasks.loop'));
    expect(error.code).toBe('SKIFF_NESTING_TOO_DEEP');
    expect(error.message).toContain('the ParallelFor items (input parameter "items")');
  });
});

describe('parseJson in a condition', () => {
  it('refuses JSON nested past the limit with SKIFF_CONDITION_EVAL', () => {
    const error = skiffErrorOf(() =>
      evaluateCel(
        'size(parseJson(inputs.parameter_values.t)) > 0',
        { inputs: { parameter_values: { t: deep(10_000) } } },
        'root.dag.tasks.t.triggerPolicy.condition',
      ),
    );
    expect(error.code).toBe('SKIFF_CONDITION_EVAL');
    expect(error.message).toContain('200 levels');
  });
});
