/** One node to draw: a task, a sub-DAG, a loop (as one group) or an iteration. */
export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'container' | 'importer' | 'dag' | 'loop' | 'iteration' | 'group';
  /** Live state (undefined in a static pipeline graph). */
  readonly state?: string;
  /** Attempts made (the "×n" badge shows when more than one). */
  readonly attempts?: number;
  /** For a loop: how many iterations are in each state. */
  readonly counts?: Readonly<Record<string, number>>;
  /** A second line: the component name, a condition. */
  readonly detail?: string;
  /** Can be opened (a DAG, a loop, an iteration). */
  readonly drillable: boolean;
}

/** An edge from an upstream node to the node that waits for it. */
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
}

/** Where the layout put each node (its top-left corner), and the graph's size. */
export interface GraphLayout {
  readonly positions: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
  readonly width: number;
  readonly height: number;
  readonly engine: 'elk' | 'longest-path';
}

/** The size of every node box, in pixels. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 56;
/** Above this many nodes the layout is the linear longest-path layering instead of ELK's. */
export const ELK_MAX_NODES = 300;
