import type { GraphEdge, GraphLayout } from './graph-types';

export interface LongestPathOptions {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly gapX?: number;
  readonly gapY?: number;
}

/**
 * A linear-time layered layout (O(nodes + edges)): each node's layer is the length of the longest
 * path reaching it (Kahn's topological order); layers are rows from top to bottom, and a wide
 * layer wraps into rows of at most √n nodes so 2,000 siblings make a block, not a 400,000 px line.
 * Nodes on a cycle (a malformed graph) are put after the rest instead of failing.
 */
export function longestPathLayout(
  ids: readonly string[],
  edges: readonly GraphEdge[],
  options: LongestPathOptions,
): GraphLayout {
  const { nodeWidth, nodeHeight, gapX = 40, gapY = 50 } = options;
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
  const out: number[][] = ids.map(() => []);
  const indegree = new Int32Array(ids.length);
  for (const edge of edges) {
    const from = index.get(edge.source);
    const to = index.get(edge.target);
    if (from === undefined || to === undefined || from === to) continue;
    out[from]!.push(to);
    indegree[to]!++;
  }
  const layer = new Int32Array(ids.length);
  const queue: number[] = [];
  for (let i = 0; i < ids.length; i++) if (indegree[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of out[node]!) {
      layer[next] = Math.max(layer[next]!, layer[node]! + 1);
      if (--indegree[next]! === 0) queue.push(next);
    }
  }
  let deepest = 0;
  for (let i = 0; i < ids.length; i++) deepest = Math.max(deepest, layer[i]!);
  // Nodes never reached by the queue sit on a cycle: one layer after the deepest.
  const seen = new Uint8Array(ids.length);
  for (const node of queue) seen[node] = 1;
  for (let i = 0; i < ids.length; i++) if (!seen[i]) layer[i] = deepest + 1;

  const layers: number[][] = [];
  for (let i = 0; i < ids.length; i++) {
    const members = layers[layer[i]!];
    if (members === undefined) layers[layer[i]!] = [i];
    else members.push(i);
  }
  const perRow = Math.max(8, Math.ceil(Math.sqrt(ids.length)));
  const positions: Record<string, { x: number; y: number }> = {};
  let y = 0;
  let width = 0;
  for (const members of layers) {
    if (members === undefined) continue;
    const columns = Math.min(perRow, members.length);
    const rowWidth = columns * (nodeWidth + gapX) - gapX;
    width = Math.max(width, rowWidth);
    members.forEach((node, i) => {
      const row = Math.floor(i / perRow);
      positions[ids[node]!] = { x: (i % perRow) * (nodeWidth + gapX), y: y + row * (nodeHeight + gapY / 2) };
    });
    const rows = Math.ceil(members.length / perRow);
    y += rows * (nodeHeight + gapY / 2) + gapY / 2;
  }
  // Centre each layer's rows under the widest one.
  for (const members of layers) {
    if (members === undefined) continue;
    const columns = Math.min(perRow, members.length);
    const shift = (width - (columns * (nodeWidth + gapX) - gapX)) / 2;
    for (const node of members) positions[ids[node]!]!.x += shift;
  }
  return { positions, width, height: Math.max(0, y - gapY), engine: 'longest-path' };
}
