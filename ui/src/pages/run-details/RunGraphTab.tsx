import { useCallback, useMemo } from 'react';
import { DagGraph, LevelTrail } from '../../graph';
import { childrenIndex, levelTrail, runLevelGraph } from './run-graph';
import type { RunLive } from './run-live';

/** The run's graph, one level at a time, with a breadcrumb back up from a drilled-into DAG or loop. */
export default function RunGraphTab({
  live,
  version,
  spec,
  level,
  onLevel,
  selected,
  onSelect,
}: {
  readonly live: RunLive;
  readonly version: number;
  readonly spec: unknown;
  readonly level: string;
  readonly onLevel: (level: string) => void;
  readonly selected: string | undefined;
  readonly onSelect: (path: string) => void;
}) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the tasks changed in place.
  const children = useMemo(() => childrenIndex(live.tasks.values()), [live, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  const graph = useMemo(
    () => runLevelGraph(spec, level, live.tasks, children, live.ended),
    [spec, level, live, children, version],
  );
  const open = useCallback((path: string) => onLevel(path), [onLevel]);
  // A task searched for that is not on this level: go to its level and select it.
  const findElsewhere = (text: string): boolean => {
    const wanted = text.trim().toLowerCase();
    for (const task of live.tasks.values()) {
      if (task.name.toLowerCase() === wanted || task.path.toLowerCase() === wanted) {
        onLevel(task.parent_path ?? '');
        onSelect(task.path);
        return true;
      }
    }
    return false;
  };
  const trail = levelTrail(level);
  return (
    <div className="run-graph">
      <LevelTrail
        levels={trail.map((at) => ({
          key: at,
          label: at === '' ? 'Run' : (at.split('.').at(-1) ?? at),
          level: at,
        }))}
        onLevel={onLevel}
      />
      <DagGraph
        nodes={graph.nodes}
        edges={graph.edges}
        selectedId={selected}
        onSelect={onSelect}
        onOpen={open}
        onSearchMiss={findElsewhere}
        viewKey={level}
      />
    </div>
  );
}
