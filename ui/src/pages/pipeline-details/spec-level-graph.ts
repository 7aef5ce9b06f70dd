import { specTasksAt } from '../../api/pipeline-spec';
import type { GraphEdge, GraphNode } from '../../graph';

/** One level of a pipeline spec's static graph: its tasks (ids are dotted task-name paths) and edges. */
export function specLevelGraph(
  spec: unknown,
  level: readonly string[],
): { readonly nodes: GraphNode[]; readonly edges: GraphEdge[] } | undefined {
  const tasks = specTasksAt(spec, level);
  if (tasks === undefined) return undefined;
  const prefix = level.length === 0 ? '' : `${level.join('.')}.`;
  const names = new Set(tasks.map((task) => task.name));
  return {
    nodes: tasks.map((task) => ({
      id: prefix + task.name,
      label: task.name,
      kind: task.kind,
      detail:
        task.condition === undefined ? task.componentName.replace(/^comp-/, '') : `if ${task.condition}`,
      drillable: task.kind === 'dag' || task.kind === 'loop',
    })),
    edges: tasks.flatMap((task) =>
      task.upstream
        .filter((name) => names.has(name))
        .map((name) => ({ source: prefix + name, target: prefix + task.name })),
    ),
  };
}
