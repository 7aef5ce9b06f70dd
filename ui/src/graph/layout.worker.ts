/// <reference lib="webworker" />
// Lays out graphs off the main thread: ELK's layered algorithm for graphs small enough for it,
// the linear longest-path layering above ELK_MAX_NODES (ELK takes seconds on thousands of nodes).
// Imported statically: loaded later, ELK's bundle would take over this worker's onmessage.
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { ELK_MAX_NODES, type GraphLayout, NODE_HEIGHT, NODE_WIDTH } from './graph-types';
import type { LayoutRequest, LayoutResponse } from './layout-request';
import { longestPathLayout } from './longest-path';

const elk = new ELK();

async function elkLayout(request: LayoutRequest): Promise<GraphLayout> {
  const known = new Set(request.ids);
  const input: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
    },
    children: request.ids.map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: request.edges
      .filter((edge) => known.has(edge.source) && known.has(edge.target))
      .map((edge, i) => ({ id: `e${i}`, sources: [edge.source], targets: [edge.target] })),
  };
  const graph = await elk.layout(input);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const child of graph.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return { positions, width: graph.width ?? 0, height: graph.height ?? 0, engine: 'elk' };
}

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const request = event.data;
  let answer: LayoutResponse;
  try {
    const layout =
      request.ids.length <= ELK_MAX_NODES
        ? await elkLayout(request)
        : longestPathLayout(request.ids, request.edges, { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT });
    answer = { id: request.id, layout };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as Worker).postMessage(answer);
};
