import type { GraphEdge, GraphLayout } from './graph-types';

/** What the layout worker is asked: the nodes' ids (all the same size) and the edges. */
export interface LayoutRequest {
  readonly id: number;
  readonly ids: readonly string[];
  readonly edges: readonly GraphEdge[];
}

/** Its answer, or the reason it failed. */
export type LayoutResponse =
  | { readonly id: number; readonly layout: GraphLayout }
  | { readonly id: number; readonly error: string };
