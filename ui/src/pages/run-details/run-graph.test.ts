import { describe, expect, it } from 'vitest';
import { childrenIndex, levelTrail, runLevelGraph } from './run-graph';
import { type LiveTask, nameOfPath, parentOfPath } from './run-live';

const spec = {
  root: {
    dag: {
      tasks: {
        make: { componentRef: { name: 'comp-make' } },
        loop: {
          componentRef: { name: 'comp-body' },
          parameterIterator: { itemInput: 'x' },
          dependentTasks: ['make'],
        },
        sub: {
          componentRef: { name: 'comp-sub' },
          inputs: {
            parameters: { v: { taskOutputParameter: { producerTask: 'make', outputParameterKey: 'o' } } },
          },
        },
      },
    },
  },
  components: {
    'comp-make': { executorLabel: 'exec-make' },
    'comp-body': { dag: { tasks: { work: { componentRef: { name: 'comp-make' } } } } },
    'comp-sub': { dag: { tasks: { inner: { componentRef: { name: 'comp-make' } } } } },
  },
};

const task = (
  path: string,
  kind: LiveTask['kind'],
  state: string,
  attempt: number | null = null,
): LiveTask => ({
  task_id: `id-${path}`,
  path,
  parent_path: parentOfPath(path),
  name: nameOfPath(path),
  kind,
  state,
  attempt,
  max_attempts: 1,
  start_time: null,
  end_time: null,
  error: null,
});

describe('runLevelGraph', () => {
  const tasks = new Map(
    [
      task('make', 'container', 'SUCCEEDED', 3),
      task('loop', 'loop', 'RUNNING'),
      task('loop[0]', 'iteration', 'SUCCEEDED'),
      task('loop[1]', 'iteration', 'RUNNING'),
      task('loop[10]', 'iteration', 'RUNNING'),
      task('loop[1].work', 'container', 'RUNNING'),
    ].map((t) => [t.path, t]),
  );
  const children = childrenIndex(tasks.values());

  it('draws the planned tasks of the root with live states, edges from data and dependentTasks, and a loop as one node with counts', () => {
    const graph = runLevelGraph(spec, '', tasks, children);
    expect(graph.nodes.map((n) => [n.id, n.state])).toEqual([
      ['make', 'SUCCEEDED'],
      ['loop', 'RUNNING'],
      ['sub', 'PENDING'],
    ]);
    expect(graph.nodes[0]?.attempts).toBe(3);
    // Once the run has ended, a planned task that never started is not pending any more.
    expect(runLevelGraph(spec, '', tasks, children, true).nodes.map((n) => [n.id, n.state])).toEqual([
      ['make', 'SUCCEEDED'],
      ['loop', 'RUNNING'],
      ['sub', 'NOT_RUN'],
    ]);
    expect(graph.nodes[1]?.counts).toEqual({ SUCCEEDED: 1, RUNNING: 2 });
    expect(graph.edges).toEqual([
      { source: 'make', target: 'loop' },
      { source: 'make', target: 'sub' },
    ]);
  });

  it('shows a loop’s iterations in order, and an iteration’s body tasks', () => {
    expect(runLevelGraph(spec, 'loop', tasks, children).nodes.map((n) => n.id)).toEqual([
      'loop[0]',
      'loop[1]',
      'loop[10]',
    ]);
    expect(runLevelGraph(spec, 'loop[1]', tasks, children).nodes.map((n) => [n.id, n.state])).toEqual([
      ['loop[1].work', 'RUNNING'],
    ]);
    expect(runLevelGraph(spec, 'sub', tasks, children).nodes.map((n) => n.id)).toEqual(['sub.inner']);
  });

  it('falls back to the live tasks when the spec is missing or malformed', () => {
    expect(runLevelGraph('not a spec', '', tasks, children).nodes.map((n) => n.id)).toEqual(['make', 'loop']);
  });

  it('lists the levels down to a path', () => {
    expect(levelTrail('loop[1].sub')).toEqual(['', 'loop', 'loop[1]', 'loop[1].sub']);
    expect(levelTrail('')).toEqual(['']);
  });
});
