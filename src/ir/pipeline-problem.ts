import type { ErrorCode } from '../errors/index.js';

/** One problem found in a pipeline spec: a registry code, where it is, and what is wrong. */
export interface PipelineProblem {
  readonly code: ErrorCode;
  /** Dotted location in the spec, e.g. `root.dag.tasks.train.componentRef.name`. */
  readonly location: string;
  /** Names the location, the bad value and the rule. */
  readonly message: string;
  /** A fix more specific than the registry's, when there is one. */
  readonly fix?: string;
}
