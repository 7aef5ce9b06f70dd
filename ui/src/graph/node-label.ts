import { stateStyle } from '../design/states';
import type { GraphNode } from './graph-types';

const KIND_WORDS: Readonly<Record<GraphNode['kind'], string>> = {
  container: 'task',
  importer: 'importer',
  dag: 'DAG',
  loop: 'loop',
  iteration: 'iteration',
  group: 'group',
};

/** What a screen reader says for a node: "task train, Succeeded, 3 attempts", "loop over-items, 4 iterations". */
export function nodeAriaLabel(node: GraphNode): string {
  const parts = [`${KIND_WORDS[node.kind]} ${node.label}`];
  if (node.state !== undefined) parts.push(stateStyle(node.state).label);
  if (node.attempts !== undefined && node.attempts > 1) parts.push(`${node.attempts} attempts`);
  if (node.counts !== undefined) {
    const total = Object.values(node.counts).reduce((a, b) => a + b, 0);
    parts.push(`${total} iteration${total === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

/** The id of the graph node a key was pressed on (not on a button inside it), if any. */
export function keyedNodeId(target: EventTarget | null): string | undefined {
  if (!(target instanceof HTMLElement) || !target.classList.contains('react-flow__node')) return undefined;
  return target.dataset.id;
}
