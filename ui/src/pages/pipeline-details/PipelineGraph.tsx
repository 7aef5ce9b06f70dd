import { useMemo } from 'react';
import { WarningBanner } from '../../design/ErrorBanner';
import { DagGraph, LevelTrail } from '../../graph';
import { specLevelGraph } from './spec-level-graph';

/** The static DAG of a spec, one level at a time, with a breadcrumb back up from a sub-DAG. */
export default function PipelineGraph({
  spec,
  level,
  onLevel,
  selected,
  onSelect,
}: {
  readonly spec: unknown;
  readonly level: readonly string[];
  readonly onLevel: (level: readonly string[]) => void;
  readonly selected: string | undefined;
  readonly onSelect: (path: string) => void;
}) {
  const graph = useMemo(() => specLevelGraph(spec, level), [spec, level]);
  const trail = [[], ...level.map((_, i) => level.slice(0, i + 1))];
  return (
    <div className="run-graph">
      <LevelTrail
        levels={trail.map((at) => ({ key: at.join('.'), label: at.at(-1) ?? 'Pipeline', level: at }))}
        onLevel={onLevel}
      />
      {graph === undefined ? (
        <WarningBanner>
          This spec has no DAG to draw here (no root.dag, or the component is not a DAG).
        </WarningBanner>
      ) : (
        <DagGraph
          nodes={graph.nodes}
          edges={graph.edges}
          selectedId={selected}
          onSelect={onSelect}
          onOpen={(id) => onLevel(id.split('.'))}
          viewKey={level.join('.')}
        />
      )}
    </div>
  );
}
