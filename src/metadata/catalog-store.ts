import type {
  ExperimentField,
  ExperimentRecord,
  ExperimentStorageState,
  PipelineField,
  PipelineRecord,
  PipelineVersionField,
  PipelineVersionRecord,
} from './catalog-records.js';
import type { ListPage, ListQuery } from './list-query.js';

/** Pipelines. `create` throws SKIFF_API_CONFLICT when the namespace already has a pipeline of that name. */
export interface PipelineStore {
  create(pipeline: PipelineRecord): Promise<void>;
  get(id: string): Promise<PipelineRecord | undefined>;
  getByName(namespace: string, name: string): Promise<PipelineRecord | undefined>;
  list(query: ListQuery<PipelineField>): Promise<ListPage<PipelineRecord>>;
  /** Deletes the pipeline and its versions; false when no pipeline has this id. */
  delete(id: string): Promise<boolean>;
}

/** Versions of pipelines. `create` throws SKIFF_API_CONFLICT when the pipeline already has a version of that name. */
export interface PipelineVersionStore {
  create(version: PipelineVersionRecord): Promise<void>;
  /** A version with its spec text (what runs are created from). */
  get(id: string): Promise<PipelineVersionRecord | undefined>;
  /** Versions matching the query; add a `pipelineId` predicate to list one pipeline's versions. */
  list(query: ListQuery<PipelineVersionField>): Promise<ListPage<PipelineVersionRecord>>;
  /** The newest version of a pipeline, if it has one. */
  latest(pipelineId: string): Promise<PipelineVersionRecord | undefined>;
  /** False when no version has this id. */
  delete(id: string): Promise<boolean>;
}

/** Experiments. `create` throws SKIFF_API_CONFLICT when the namespace already has one of that display name. */
export interface ExperimentStore {
  create(experiment: ExperimentRecord): Promise<void>;
  get(id: string): Promise<ExperimentRecord | undefined>;
  list(query: ListQuery<ExperimentField>): Promise<ListPage<ExperimentRecord>>;
  /** Sets AVAILABLE or ARCHIVED; false when no experiment has this id. */
  setStorageState(id: string, state: ExperimentStorageState): Promise<boolean>;
  /** Records that a run of the experiment was created at `atMs` (keeps the newest); false when unknown. */
  recordRunCreated(id: string, atMs: number): Promise<boolean>;
  /** False when no experiment has this id. */
  delete(id: string): Promise<boolean>;
}
