import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { StateBadge } from '../design/StateBadge';
import { stateStyle } from '../design/states';
import type { GraphNode } from './graph-types';

/** What an xyflow node of the DAG carries. */
export type DagNodeData = {
  readonly node: GraphNode;
  readonly selected: boolean;
  readonly onOpen: ((id: string) => void) | undefined;
};

export type DagFlowNode = Node<DagNodeData, 'dag'>;

/** "3 succeeded · 1 running" for a loop's iterations. */
function countsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${stateStyle(state).label.toLowerCase()}`)
    .join(' · ');
}

/** One box of the DAG: name, state (colour and text), "×n" when retried, a loop's counts. */
function DagNodeView({ data: { node: data, selected, onOpen } }: NodeProps<DagFlowNode>) {
  const colour = data.state === undefined ? 'var(--border-strong)' : stateStyle(data.state).color;
  const total = data.counts === undefined ? 0 : Object.values(data.counts).reduce((a, b) => a + b, 0);
  return (
    <div
      className={`dag-node dag-node-${data.kind}${selected ? ' dag-node-selected' : ''}`}
      style={{ borderLeftColor: colour }}
      data-testid="dag-node"
      data-node-id={data.id}
      data-state={data.state ?? ''}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="dag-node-top">
        <span className="dag-node-label" title={data.label}>
          {data.label}
        </span>
        {data.attempts !== undefined && data.attempts > 1 && (
          <span className="dag-node-attempts" title={`${data.attempts} attempts`}>
            ×{data.attempts}
          </span>
        )}
      </div>
      <div className="dag-node-bottom">
        {data.state !== undefined && <StateBadge state={data.state} />}
        {data.counts !== undefined && (
          <span className="dag-node-counts" data-testid="loop-counts">
            {total} iterations{total > 0 ? `: ${countsText(data.counts)}` : ''}
          </span>
        )}
        {data.counts === undefined && data.detail !== undefined && (
          <span className="dag-node-detail muted">{data.detail}</span>
        )}
        {data.drillable && onOpen !== undefined && (
          <button
            type="button"
            className="btn btn-small nodrag nopan dag-node-open"
            aria-label={`Open ${data.label}`}
            onClick={(event) => {
              event.stopPropagation();
              onOpen(data.id);
            }}
          >
            {data.kind === 'loop' ? 'Expand' : 'Open'}
          </button>
        )}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

/** Memoised: a state change redraws only the nodes it touched. */
export const DagNode = memo(DagNodeView);
