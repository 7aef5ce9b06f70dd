import { Background, Controls, type Edge, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './graph.css';
import { useEffect, useMemo, useRef } from 'react';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';
import { type DagFlowNode, DagNode } from './DagNode';
import { GraphSearch } from './GraphSearch';
import { type GraphEdge, type GraphNode, NODE_HEIGHT, NODE_WIDTH } from './graph-types';
import { useLayout } from './use-layout';

const NODE_TYPES = { dag: DagNode };
/** Graphs up to this size open fitted; bigger ones open at full size at their top (few nodes drawn). */
const FIT_MAX_NODES = 50;

export interface DagGraphProps {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly selectedId?: string | undefined;
  readonly onSelect?: (id: string) => void;
  /** Drill into a DAG, loop or iteration node (double-click or its button). */
  readonly onOpen?: (id: string) => void;
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

function DagCanvas({ nodes, edges, selectedId, onSelect, onOpen, onSearchMiss }: DagGraphProps) {
  const flow = useReactFlow();
  const ids = useMemo(() => nodes.map((node) => node.id), [nodes]);
  const key = useMemo(
    () => `${ids.join('\n')}\u0000${edges.map((e) => `${e.source}>${e.target}`).join('\n')}`,
    [ids, edges],
  );
  const { layout, error } = useLayout(key, ids, edges);
  const big = nodes.length > FIT_MAX_NODES;

  const flowNodes = useMemo<DagFlowNode[]>(() => {
    if (layout === undefined) return [];
    return nodes.map((node) => ({
      id: node.id,
      type: 'dag',
      position: layout.positions[node.id] ?? { x: 0, y: 0 },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      draggable: false,
      connectable: false,
      data: { node, selected: node.id === selectedId, onOpen: node.drillable ? onOpen : undefined },
    }));
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

  // A new structure: fit it when small, else show its top-left corner at full size.
  const shown = useRef<string>('');
  useEffect(() => {
    if (layout === undefined || shown.current === key) return;
    shown.current = key;
    requestAnimationFrame(() => {
      if (big) void flow.setViewport({ x: 24, y: 24, zoom: 1 });
      else void flow.fitView({ maxZoom: 1, padding: 0.15 });
    });
  }, [layout, key, big, flow]);

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
    <div className="dag" data-testid="dag" data-layout={layout?.engine ?? ''} data-node-count={nodes.length}>
      <div className="dag-toolbar toolbar">
        <GraphSearch onFind={find} />
        <button type="button" className="btn btn-small" onClick={() => void flow.fitView({ maxZoom: 1 })}>
          Fit view
        </button>
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
          proOptions={{ hideAttribution: true }}
          onNodeClick={(_, node) => onSelect?.(node.id)}
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
