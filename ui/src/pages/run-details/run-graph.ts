import { specTasksAt } from '../../api/pipeline-spec';
import type { GraphEdge, GraphNode } from '../../graph';
import { type LiveTask, parentOfPath } from './run-live';

/** The nodes and edges of one level of a run's graph. */
export interface LevelGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

/** Tasks by their parent's path ('' for the root level). */
export function childrenIndex(tasks: Iterable<LiveTask>): Map<string, LiveTask[]> {
  const index = new Map<string, LiveTask[]>();
  for (const task of tasks) {
    const key = task.parent_path ?? '';
    const list = index.get(key);
    if (list === undefined) index.set(key, [task]);
    else list.push(task);
  }
  return index;
}

/** How many of `tasks` are in each state. */
export function stateCounts(tasks: readonly LiveTask[] | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const task of tasks ?? []) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
}

const iterationIndex = (path: string) => Number(/\[(\d+)\]$/.exec(path)?.[1] ?? 0);
const DRILLABLE = new Set(['dag', 'loop', 'iteration']);

/**
 * One level of a run's graph (`level` is a task path, '' for the root): the tasks the spec plans
 * there in their live states (not started ones PENDING, or NOT_RUN once the run has ended), wired
 * by dependentTasks and data; a loop stays one node with its iterations' counts; inside a loop, its
 * iterations.
 */
export function runLevelGraph(
  spec: unknown,
  level: string,
  tasks: ReadonlyMap<string, LiveTask>,
  children: ReadonlyMap<string, LiveTask[]>,
  runEnded = false,
): LevelGraph {
  const here = children.get(level) ?? [];
  const levelTask = level === '' ? undefined : tasks.get(level);
  const specNames = level === '' ? [] : level.split('.').map((part) => part.replace(/\[\d+\]$/, ''));
  const isLoop =
    levelTask?.kind === 'loop' ||
    (levelTask === undefined &&
      level !== '' &&
      !level.endsWith(']') &&
      specTasksAt(spec, specNames.slice(0, -1))?.find((t) => t.name === specNames.at(-1))?.kind === 'loop');
  if (isLoop) {
    const iterations = [...here].sort((a, b) => iterationIndex(a.path) - iterationIndex(b.path));
    return { nodes: iterations.map((task) => liveNode(task, children)), edges: [] };
  }
  const planned = specTasksAt(spec, specNames);
  if (planned === undefined) return { nodes: here.map((task) => liveNode(task, children)), edges: [] };
  const pathOf = (name: string) => (level === '' ? name : `${level}.${name}`);
  const nodes: GraphNode[] = planned.map((spec) => {
    const path = pathOf(spec.name);
    const live = tasks.get(path);
    return {
      id: path,
      label: spec.name,
      kind: spec.kind,
      state: live?.state ?? (runEnded ? 'NOT_RUN' : 'PENDING'),
      ...(live?.attempt ? { attempts: live.attempt } : {}),
      ...(spec.kind === 'loop' ? { counts: stateCounts(children.get(path)) } : {}),
      detail:
        spec.condition === undefined ? spec.componentName.replace(/^comp-/, '') : `if ${spec.condition}`,
      drillable: spec.kind === 'dag' || spec.kind === 'loop',
    };
  });
  const known = new Set(nodes.map((node) => node.id));
  for (const task of here) if (!known.has(task.path)) nodes.push(liveNode(task, children));
  const edges: GraphEdge[] = [];
  for (const spec of planned) {
    for (const upstream of spec.upstream) {
      if (known.has(pathOf(upstream))) edges.push({ source: pathOf(upstream), target: pathOf(spec.name) });
    }
  }
  return { nodes, edges };
}

function liveNode(task: LiveTask, children: ReadonlyMap<string, LiveTask[]>): GraphNode {
  return {
    id: task.path,
    label: task.name,
    kind: task.kind,
    state: task.state,
    ...(task.attempt ? { attempts: task.attempt } : {}),
    ...(task.kind === 'loop' ? { counts: stateCounts(children.get(task.path)) } : {}),
    drillable: DRILLABLE.has(task.kind),
  };
}

/** The levels from the root down to `level`, for the breadcrumb: `['', 'loop', 'loop[3]']`. */
export function levelTrail(level: string): string[] {
  const trail: string[] = [];
  for (let at: string | null = level; at !== null && at !== ''; at = parentOfPath(at)) trail.unshift(at);
  return ['', ...trail];
}
