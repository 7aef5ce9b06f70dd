import { describe, expect, it } from 'vitest';
import { rawSpec } from '../../test/fixtures/ir-spec.js';
import { SkiffError } from '../errors/index.js';
import { loadPipelineText } from './load-pipeline.js';
import { findPipelineProblems } from './validate-pipeline.js';

function load(raw: object) {
  return loadPipelineText(JSON.stringify(raw), 'demo.json');
}

function rejection(raw: object): SkiffError {
  try {
    load(raw);
  } catch (error) {
    if (error instanceof SkiffError) return error;
    throw error;
  }
  throw new Error('the spec was accepted');
}

describe('validatePipeline', () => {
  it('accepts the fixture spec', () => {
    expect(findPipelineProblems(load(rawSpec()))).toEqual([]);
  });

  it('rejects a task whose component does not exist, suggesting the closest name', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.componentRef.name = 'comp-trian';
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_COMPONENT');
    expect(error.location).toBe('root.dag.tasks.train.componentRef.name');
    expect(error.message).toContain('"comp-trian"');
    expect(error.message).toContain('did you mean "comp-train"?');
  });

  it('names the component DAG for an unknown component inside a sub-DAG', () => {
    const raw = rawSpec();
    raw.components['comp-inner'] = {
      dag: { tasks: { t: { componentRef: { name: 'comp-missing' }, taskInfo: { name: 't' } } } },
    };
    raw.root.dag.tasks.inner = { componentRef: { name: 'comp-inner' }, taskInfo: { name: 'inner' } };
    expect(rejection(raw).location).toBe('components.comp-inner.dag.tasks.t.componentRef.name');
  });

  it('rejects a component whose executor label does not exist, suggesting the closest', () => {
    const raw = rawSpec();
    raw.components['comp-report'].executorLabel = 'exec-reprot';
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_EXECUTOR');
    expect(error.location).toBe('components.comp-report.executorLabel');
    expect(error.message).toContain('did you mean "exec-report"?');
  });

  it('rejects a dependency on a task outside the DAG', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.report.dependentTasks = ['trian'];
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_TASK');
    expect(error.location).toBe('root.dag.tasks.report.dependentTasks[0]');
    expect(error.message).toContain('did you mean "train"?');
  });

  it('rejects reading an output the producer component does not declare', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.report.inputs.parameters.score.taskOutputParameter.outputParameterKey = 'scores';
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_OUTPUT');
    expect(error.location).toBe('root.dag.tasks.report.inputs.parameters.score.taskOutputParameter');
    expect(error.message).toContain('"scores"');
    expect(error.message).toContain('comp-train');
  });

  it('rejects a DAG output taken from an undeclared producer output', () => {
    const raw = rawSpec();
    raw.root.dag.outputs.parameters.score.valueFromParameter.outputParameterKey = 'nope';
    expect(rejection(raw).code).toBe('SKIFF_IR_UNKNOWN_OUTPUT');
  });

  it('rejects reading a component input the enclosing component does not declare', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.inputs.parameters.n.componentInputParameter = 'm';
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_INPUT');
    expect(error.message).toContain('"m"');
  });

  it('accepts a loop body reading its iterator item input even when the body does not declare it', () => {
    const raw = rawSpec();
    raw.components['comp-for-loop-1'] = {
      dag: {
        tasks: {
          train: {
            componentRef: { name: 'comp-train' },
            taskInfo: { name: 'train' },
            inputs: { parameters: { n: { componentInputParameter: 'pipelinechannel--loop-item-param-1' } } },
          },
        },
      },
    };
    raw.root.dag.tasks['for-loop-1'] = {
      componentRef: { name: 'comp-for-loop-1' },
      taskInfo: { name: 'for-loop-1' },
      parameterIterator: { itemInput: 'pipelinechannel--loop-item-param-1', items: { raw: '[1, 2, 3]' } },
      iteratorPolicy: { parallelismLimit: 2 },
    };
    const task = load(raw).root.dag.tasks['for-loop-1'];
    expect(task?.iterator).toEqual({
      kind: 'parameter',
      items: { kind: 'raw', json: '[1, 2, 3]' },
      itemInput: 'pipelinechannel--loop-item-param-1',
    });
    expect(task?.parallelismLimit).toBe(2);
  });

  it('rejects a dependency cycle and names the tasks in it', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.dependentTasks = ['report'];
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_CYCLE');
    expect(error.message).toMatch(/(train → report → train|report → train → report)/);
  });

  it('rejects a task that depends on itself', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.dependentTasks = ['train'];
    expect(rejection(raw).message).toContain('train → train');
  });

  it.each([
    ['NUMBER_INTEGER', 1.5],
    ['NUMBER_INTEGER', '3'],
    ['STRING', 3],
    ['BOOLEAN', 'true'],
    ['LIST', { a: 1 }],
    ['STRUCT', [1]],
    ['NUMBER_DOUBLE', 'x'],
  ])('rejects a %s default of %j', (type, value) => {
    const raw = rawSpec();
    raw.root.inputDefinitions.parameters.n = { parameterType: type, defaultValue: value, isOptional: true };
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_BAD_DEFAULT');
    expect(error.location).toBe('root.inputDefinitions.parameters.n.defaultValue');
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('accepts a whole number as a NUMBER_DOUBLE default (KFP writes 1.0, which YAML reads as 1)', () => {
    const raw = rawSpec();
    raw.root.inputDefinitions.parameters.n = {
      parameterType: 'NUMBER_DOUBLE',
      defaultValue: 1,
      isOptional: true,
    };
    raw.components['comp-train'].inputDefinitions.parameters.n.parameterType = 'NUMBER_DOUBLE';
    expect(load(raw).root.inputs.parameters.n?.defaultValue).toBe(1);
  });

  it('rejects a trigger condition that is not valid CEL', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.report.triggerPolicy = { condition: "inputs.parameter_values['x'] ==" };
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_BAD_CONDITION');
    expect(error.location).toBe('root.dag.tasks.report.triggerPolicy.condition');
  });

  it('rejects a parameterExpressionSelector that is not valid CEL', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.inputs.parameters.n.parameterExpressionSelector = 'parseJson(string_value)["a"';
    expect(rejection(raw).code).toBe('SKIFF_IR_BAD_CONDITION');
  });

  it.each([
    '{"a": 1}',
    'not json',
    '3',
  ])('rejects raw iterator items %j, which are not a JSON list', (items) => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.parameterIterator = { itemInput: 'item', items: { raw: items } };
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_BAD_ITERATOR');
    expect(error.location).toBe('root.dag.tasks.train.parameterIterator.items.raw');
  });

  it('rejects an iterator over an input the loop task does not have', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.parameterIterator = { itemInput: 'item', items: { inputParameter: 'nn' } };
    expect(rejection(raw).code).toBe('SKIFF_IR_BAD_ITERATOR');
  });

  it('rejects platform config for an executor that does not exist', () => {
    const raw = {
      pipeline_spec: rawSpec(),
      platform_spec: { platforms: { kubernetes: { deploymentSpec: { executors: { 'exec-x': {} } } } } },
    };
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_EXECUTOR');
    expect(error.location).toBe('platforms.kubernetes.deploymentSpec.executors.exec-x');
  });

  it('reports every problem in one error, under the code of the first', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.componentRef.name = 'comp-nope';
    raw.components['comp-report'].executorLabel = 'exec-nope';
    raw.root.inputDefinitions.parameters.n.defaultValue = 'x';
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_BAD_DEFAULT');
    expect(error.message).toContain('3 problems');
    expect(error.message).toContain('SKIFF_IR_UNKNOWN_COMPONENT');
    expect(error.message).toContain('SKIFF_IR_UNKNOWN_EXECUTOR');
  });

  it('does not mistake inherited names such as "toString" for components or tasks', () => {
    const raw = rawSpec();
    raw.root.dag.tasks.train.componentRef.name = 'toString';
    raw.root.dag.tasks.report.dependentTasks = ['constructor'];
    const error = rejection(raw);
    expect(error.code).toBe('SKIFF_IR_UNKNOWN_COMPONENT');
    expect(error.message).toContain('2 problems');
    expect(error.message).toContain('SKIFF_IR_UNKNOWN_TASK');
  });
});
