// The DAG view shared by run details (live states) and pipeline details (static).
export { DagGraph, type DagGraphProps } from './DagGraph';
export type { GraphEdge, GraphNode } from './graph-types';
export { LevelTrail, type TrailLevel } from './LevelTrail';
