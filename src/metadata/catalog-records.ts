/** A pipeline: a named group of versions. Times are epoch milliseconds; `namespace` is '' in single-user mode. */
export interface PipelineRecord {
  readonly id: string;
  /** Unique within the namespace. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly namespace: string;
  readonly createdAtMs: number;
}

/** A version of a pipeline, holding the pipeline spec text as submitted (YAML or JSON). */
export interface PipelineVersionRecord {
  readonly id: string;
  readonly pipelineId: string;
  /** Unique within the pipeline. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly specText: string;
  readonly createdAtMs: number;
}

/** Whether an experiment is listed normally or archived. */
export type ExperimentStorageState = 'AVAILABLE' | 'ARCHIVED';

/** An experiment: a group of runs. `displayName` is unique within the namespace. */
export interface ExperimentRecord {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly namespace: string;
  readonly storageState: ExperimentStorageState;
  readonly createdAtMs: number;
  /** When the experiment's newest run was created; null before its first run. */
  readonly lastRunCreatedAtMs: number | null;
}

/** Id of the experiment created with the store; runs created without an experiment go there. */
export const DEFAULT_EXPERIMENT_ID = '00000000-0000-4000-8000-000000000001';
/** Display name of the default experiment, as KFP names it. */
export const DEFAULT_EXPERIMENT_NAME = 'Default';

/** Fields pipelines can be filtered and sorted by. */
export type PipelineField = 'id' | 'name' | 'displayName' | 'description' | 'namespace' | 'createdAtMs';
/** Fields pipeline versions can be filtered and sorted by. */
export type PipelineVersionField =
  | 'id'
  | 'pipelineId'
  | 'name'
  | 'displayName'
  | 'description'
  | 'createdAtMs';
/** Fields experiments can be filtered and sorted by. */
export type ExperimentField =
  | 'id'
  | 'displayName'
  | 'description'
  | 'namespace'
  | 'storageState'
  | 'createdAtMs'
  | 'lastRunCreatedAtMs';
