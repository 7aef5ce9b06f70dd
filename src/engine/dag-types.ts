import type { ComponentSpec } from '../ir/types.js';
import type { IoValues } from '../metadata/records.js';
import type { RunScope } from './run-scope.js';

/** How a DAG ended. */
export interface DagResult {
  readonly state: 'SUCCEEDED' | 'FAILED' | 'CANCELED';
  readonly outputs: IoValues;
  readonly error: string | null;
}

/** Where a DAG sits: its path in the run (null for root) and its location in the spec. */
export interface DagPlace {
  readonly path: string | null;
  readonly where: string;
}

/** Runs a DAG component (passed down so task code does not import the DAG executor: no cycle). */
export type DagRunner = (
  scope: RunScope,
  component: ComponentSpec & { readonly kind: 'dag' },
  inputs: IoValues,
  place: DagPlace,
) => Promise<DagResult>;
