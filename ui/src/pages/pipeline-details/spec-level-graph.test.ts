import { describe, expect, it } from 'vitest';
import { componentInterface } from '../../api/pipeline-spec';
import { specLevelGraph } from './spec-level-graph';

const spec = {
  root: {
    dag: {
      tasks: {
        a: { componentRef: { name: 'comp-a' } },
        b: { componentRef: { name: 'comp-a' }, dependentTasks: ['a'] },
        sub: {
          componentRef: { name: 'comp-sub' },
          inputs: {
            artifacts: { m: { taskOutputArtifact: { producerTask: 'b', outputArtifactKey: 'out' } } },
          },
          triggerPolicy: { condition: "inputs.parameter_values['x'] == 1" },
        },
      },
    },
  },
  components: {
    'comp-a': {
      executorLabel: 'exec-a',
      inputDefinitions: {
        parameters: { n: { parameterType: 'NUMBER_INTEGER', defaultValue: 3, isOptional: true } },
      },
      outputDefinitions: { artifacts: { out: { artifactType: { schemaTitle: 'system.Dataset' } } } },
    },
    'comp-sub': { dag: { tasks: { inner: { componentRef: { name: 'comp-a' } } } } },
  },
};

describe('specLevelGraph', () => {
  it('draws every task of a DAG with edges from dependentTasks and data, and drills into sub-DAGs', () => {
    const root = specLevelGraph(spec, [])!;
    expect(root.nodes.map((n) => [n.id, n.kind, n.drillable])).toEqual([
      ['a', 'container', false],
      ['b', 'container', false],
      ['sub', 'dag', true],
    ]);
    expect(root.nodes[2]?.detail).toContain('if ');
    expect(root.edges).toEqual([
      { source: 'a', target: 'b' },
      { source: 'b', target: 'sub' },
    ]);
    expect(specLevelGraph(spec, ['sub'])!.nodes.map((n) => n.id)).toEqual(['sub.inner']);
    expect(specLevelGraph(spec, ['a'])).toBeUndefined();
    expect(specLevelGraph(null, [])).toBeUndefined();
  });

  it('reads a component’s inputs and outputs with their types', () => {
    expect(componentInterface(spec, 'comp-a')).toEqual({
      inputs: [{ name: 'n', kind: 'parameter', type: 'NUMBER_INTEGER', optional: true, defaultValue: 3 }],
      outputs: [{ name: 'out', kind: 'artifact', type: 'system.Dataset', optional: false }],
    });
  });
});
