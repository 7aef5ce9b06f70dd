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
  /** Sets AVAILABLE or ARCHIVED, the experiment alone (unarchiving restores no run); false when unknown. */
  setStorageState(id: string, state: ExperimentStorageState): Promise<boolean>;
  /**
   * KFP's ArchiveExperiment, in one transaction: the experiment and all its runs become ARCHIVED and
   * its enabled recurring runs DISABLED (updated at `atMs`); false when no experiment has this id.
   */
  archive(id: string, atMs: number): Promise<boolean>;
  /** Records that a run of the experiment was created at `atMs` (keeps the newest); false when unknown. */
  recordRunCreated(id: string, atMs: number): Promise<boolean>;
  /**
   * Deletes the experiment; its runs and recurring runs stay (as in KFP), the recurring runs
   * DISABLED (updated at `atMs`) since their triggers could only fail. False when unknown.
   */
  delete(id: string, atMs: number): Promise<boolean>;
}
