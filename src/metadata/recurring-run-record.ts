import type { JsonValue } from '../ir/types.js';

/** Whether a recurring run creates runs (KFP's RecurringRun.Status). */
export type RecurringRunStatus = 'ENABLED' | 'DISABLED';

/**
 * When a recurring run fires. Times are epoch milliseconds; null means unbounded. Triggers fall
 * strictly after the start (KFP: a schedule's first run is the first time after its start).
 */
export type RecurringTrigger =
  | {
      readonly kind: 'cron';
      /** A cron expression of 6 fields with seconds (KFP's form) or 5 without, evaluated in UTC. */
      readonly cron: string;
      readonly startAtMs: number | null;
      readonly endAtMs: number | null;
    }
  | {
      readonly kind: 'periodic';
      /** Seconds between triggers, at least 1: triggers at start + k × interval (k ≥ 1). */
      readonly intervalSeconds: number;
      readonly startAtMs: number | null;
      readonly endAtMs: number | null;
    };

/** A recurring run as stored: a pipeline spec, its arguments and a trigger. Times are epoch ms. */
export interface RecurringRunRecord {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly experimentId: string | null;
  readonly namespace: string;
  /** The spec each trigger runs, as text (an inline spec, or the referenced version's at creation). */
  readonly specText: string;
  /** The pipeline version the spec came from; null for an inline spec. */
  readonly pipelineVersion: { readonly pipelineId: string; readonly pipelineVersionId: string } | null;
  /** `runtime_config.parameters` as given (checked against the spec at creation). */
  readonly parameters: Readonly<Record<string, JsonValue>>;
  /** `runtime_config.pipeline_root`; null uses the configured pipelineRoot at each trigger. */
  readonly pipelineRoot: string | null;
  readonly serviceAccount: string;
  /** Most runs of this recurring run unfinished at once (1..10); a trigger beyond it is skipped. */
  readonly maxConcurrency: number;
  readonly trigger: RecurringTrigger;
  readonly status: RecurringRunStatus;
  /** True: after downtime only the latest missed trigger runs; false: missed ones run, oldest first. */
  readonly noCatchup: boolean;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /**
   * The latest trigger time handled (run, skipped, or passed over while disabled); the scheduler
   * resumes strictly after it. Null before the first.
   */
  readonly lastScheduledAtMs: number | null;
  /** Why the latest trigger could not create a run; null once one does. */
  readonly error: string | null;
}

/** Fields API lists of recurring runs filter and sort by. */
export type RecurringRunField =
  | 'id'
  | 'displayName'
  | 'description'
  | 'status'
  | 'experimentId'
  | 'namespace'
  | 'pipelineId'
  | 'pipelineVersionId'
  | 'createdAtMs'
  | 'updatedAtMs';
