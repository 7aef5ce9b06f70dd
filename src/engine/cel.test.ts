import { describe, expect, it } from 'vitest';
import { from, pipeline, task } from '../../test/support/ir-builder.js';
import { loadPipelineText } from '../ir/index.js';
import { evaluateCel, loadCelFor, usesCel } from './cel.js';

const plain = pipeline(
  'plain',
  { a: { outputs: { Output: 'STRING' } }, b: { inputs: { x: 'STRING' } } },
  {
    tasks: { a: task('a'), b: task('b', { inputs: { parameters: { x: from.task('a') } } }) },
  },
);

describe('the CEL evaluator, loaded on demand', () => {
  it('is needed only by pipelines with a trigger condition or an expression selector', () => {
    expect(usesCel(loadPipelineText(plain, 'plain.json'))).toBe(false);
    const withCondition = pipeline(
      'cond',
      { a: {} },
      {
        tasks: { a: task('a', { triggerPolicy: { condition: '1 == 1' } }) },
      },
    );
    expect(usesCel(loadPipelineText(withCondition, 'cond.json'))).toBe(true);
    const withSelector = pipeline(
      'sel',
      { a: { outputs: { Output: 'STRUCT' } }, b: { inputs: { x: 'STRING' } } },
      {
        tasks: {
          a: task('a'),
          b: task('b', {
            inputs: { parameters: { x: { ...from.task('a'), parameterExpressionSelector: 'string_value' } } },
          }),
        },
      },
    );
    expect(usesCel(loadPipelineText(withSelector, 'sel.json'))).toBe(true);
  });

  it('evaluates once loaded for a pipeline that needs it', async () => {
    await loadCelFor(
      loadPipelineText(
        pipeline('c', { a: {} }, { tasks: { a: task('a', { triggerPolicy: { condition: 'true' } }) } }),
        'c.json',
      ),
    );
    expect(
      evaluateCel("inputs.parameter_values.s + '!'", { inputs: { parameter_values: { s: 'hi' } } }, 'here'),
    ).toBe('hi!');
  });
});
