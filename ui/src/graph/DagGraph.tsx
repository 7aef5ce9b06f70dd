import {
  Background,
  Controls,
  type Edge,
  type NodeHandle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './graph.css';
import { useEffect, useMemo, useRef } from 'react';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';
import { type DagFlowNode, DagNode } from './DagNode';
import { GraphSearch } from './GraphSearch';
import { type GraphEdge, type GraphNode, NODE_HEIGHT, NODE_WIDTH } from './graph-types';
import { keyedNodeId, nodeAriaLabel } from './node-label';
import { useLayout } from './use-layout';

const NODE_TYPES = { dag: DagNode };
const FIT_OPTIONS = { maxZoom: 1, padding: 0.15 };
/**
 * Each node's size and where its two handles are, given up front: xyflow otherwise draws every
 * node once to measure them (all 2,000 iterations of a loop, culling or not) before it culls.
 */
const SIZE = { width: NODE_WIDTH, height: NODE_HEIGHT };
const HANDLES: NodeHandle[] = [
  { type: 'target', position: Position.Top, x: NODE_WIDTH / 2, y: 0, width: 1, height: 1 },
  { type: 'source', position: Position.Bottom, x: NODE_WIDTH / 2, y: NODE_HEIGHT, width: 1, height: 1 },
];
/** Graphs up to this size open fitted; bigger ones open at full size at their top (few nodes drawn). */
const FIT_MAX_NODES = 50;

export interface DagGraphProps {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly selectedId?: string | undefined;
  readonly onSelect?: (id: string) => void;
  /** Drill into a DAG, loop or iteration node (double-click or its button). */
  readonly onOpen?: (id: string) => void;
  /** What is shown (e.g. the level drilled into): a new one is fitted again; added nodes are not. */
  readonly viewKey?: string;
  /** Called when the search finds no node here; answers true when it found the task elsewhere. */
  readonly onSearchMiss?: (text: string) => boolean;
}

/**
 * A DAG on xyflow: laid out in a Web Worker, only the nodes in view drawn, nodes coloured by state
 * with an "×n" badge for retried tasks, a search that centres and selects a task, fit view.
 */
export function DagGraph(props: DagGraphProps) {
  return (
    <ReactFlowProvider>
      <DagCanvas {...props} />
    </ReactFlowProvider>
  );
}

function DagCanvas({
  nodes,
  edges,
  selectedId,
  onSelect,
  onOpen,
  onSearchMiss,
  viewKey = '',
}: DagGraphProps) {
  const flow = useReactFlow();
  const ids = useMemo(() => nodes.map((node) => node.id), [nodes]);
  const key = useMemo(
    () => `${ids.join('\n')}\u0000${edges.map((e) => `${e.source}>${e.target}`).join('\n')}`,
    [ids, edges],
  );
  const { layout, error, current } = useLayout(key, ids, edges, viewKey);
  const big = nodes.length > FIT_MAX_NODES;

  const flowNodes = useMemo<DagFlowNode[]>(() => {
    if (layout === undefined) return [];
    // Nodes the last layout does not know yet (a live run adds tasks) wait for the next one.
    return nodes.flatMap((node) => {
      const position = layout.positions[node.id];
      if (position === undefined) return [];
      return [
        {
          id: node.id,
          type: 'dag' as const,
          position,
          width: NODE_WIDTH,
          height: NODE_HEIGHT,
          handles: HANDLES,
          measured: SIZE,
          draggable: false,
          connectable: false,
          ariaLabel: nodeAriaLabel(node),
          data: { node, selected: node.id === selectedId, onOpen: node.drillable ? onOpen : undefined },
        },
      ];
    });
  }, [layout, nodes, selectedId, onOpen]);
  const flowEdges = useMemo<Edge[]>(
    () =>
      edges.map((edge) => ({
        id: `${edge.source}>${edge.target}`,
        source: edge.source,
        target: edge.target,
      })),
    [edges],
  );

  // A new view: fit it when small, else show its top-left corner at full size (few nodes drawn).
  const shown = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (layout === undefined || shown.current === viewKey) return;
    shown.current = viewKey;
    requestAnimationFrame(() => {
      if (big) void flow.setViewport({ x: 24, y: 24, zoom: 1 });
      else void flow.fitView(FIT_OPTIONS);
    });
  }, [layout, viewKey, big, flow]);

  const find = (text: string): boolean => {
    const wanted = text.trim().toLowerCase();
    if (wanted === '') return false;
    const match =
      nodes.find((node) => node.label.toLowerCase() === wanted) ??
      nodes.find((node) => node.label.toLowerCase().includes(wanted));
    const at = match === undefined ? undefined : layout?.positions[match.id];
    if (match === undefined || at === undefined) return onSearchMiss?.(text) ?? false;
    void flow.setCenter(at.x + NODE_WIDTH / 2, at.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 1) });
    onSelect?.(match.id);
    return true;
  };

  return (
    <div
      className="dag"
      data-testid="dag"
      data-layout={current ? (layout?.engine ?? '') : ''}
      data-node-count={nodes.length}
    >
      <div className="dag-toolbar toolbar">
        <GraphSearch onFind={find} />
        <span className="muted">{nodes.length === 1 ? '1 node' : `${nodes.length} nodes`}</span>
      </div>
      {error !== undefined && <ErrorBanner error={new Error(`the graph could not be laid out: ${error}`)} />}
      {layout === undefined && error === undefined && <Loading what="Laying out the graph" />}
      <div className="dag-canvas">
        <ReactFlow
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={NODE_TYPES}
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          minZoom={big ? 0.5 : 0.1}
          maxZoom={2}
          fitViewOptions={FIT_OPTIONS}
          proOptions={{ hideAttribution: true }}
          onNodeClick={(_, node) => onSelect?.(node.id)}
          // A focused node opens with Enter or Space, as a click would (xyflow only selects with them).
          onKeyDown={(event) => {
            const id = keyedNodeId(event.target);
            if (id === undefined || (event.key !== 'Enter' && event.key !== ' ')) return;
            event.preventDefault();
            onSelect?.(id);
          }}
          onNodeDoubleClick={(_, node) => {
            if (node.data.node.drillable) onOpen?.(node.id);
          }}
          zoomOnDoubleClick={false}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </div>
  );
}
