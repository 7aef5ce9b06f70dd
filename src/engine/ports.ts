import type { FailureKind, SkiffError } from '../errors/index.js';
import type {
  ComponentSpec,
  ContainerSpec,
  JsonValue,
  KubernetesExecutorConfig,
  PipelineWorkspace,
} from '../ir/types.js';
import type { IoValues, RunState, RunStorage } from '../metadata/records.js';

/** Everything about the run and task an attempt belongs to (feeds `{{$.pipeline_*}}` placeholders). */
export interface AttemptContext {
  readonly runId: string;
  readonly pipelineName: string;
  /** Display name of the run (`{{$.pipeline_job_name}}`). */
  readonly jobName: string;
  /** Resource name of the run, `<pipeline-name>-<8 hex>` (`{{$.pipeline_job_resource_name}}`). */
  readonly jobResourceName: string;
  readonly pipelineRoot: string;
  readonly jobCreateTimeMs: number;
  /** When the run was scheduled (`{{$.pipeline_job_schedule_time_utc}}`); absent: `jobCreateTimeMs`. */
  readonly jobScheduleTimeMs?: number;
  readonly taskId: string;
  /** Unique path of the task in the run, e.g. `for-loop-2[1].print-op`. */
  readonly taskPath: string;
  /** `taskInfo.name` (`{{$.pipeline_task_name}}`). */
  readonly taskName: string;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** The run's shared workspace directory (created by the launcher before the attempt). */
  readonly workspacePath: string;
}

/** A request to run one attempt of a container task. */
export interface AttemptRequest {
  readonly context: AttemptContext;
  readonly component: ComponentSpec & { readonly kind: 'executor' };
  readonly container: ContainerSpec;
  /** Kubernetes platform config of the executor, if the spec has one. */
  readonly kubernetes?: KubernetesExecutorConfig;
  /** The run's workspace as the pipeline configures it (locally: the directory `context.workspacePath`). */
  readonly workspace?: PipelineWorkspace;
  /** Resolved inputs; absent optional inputs are simply missing. */
  readonly inputs: IoValues;
  /**
   * What the task's platform config may refer to: the enclosing DAG's input parameters and the
   * output parameters of the sibling tasks it waited for (by task name, then key).
   */
  readonly platformScope: {
    readonly dagParameters: Readonly<Record<string, JsonValue>>;
    readonly upstreamOutputs: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  };
  /** Aborted on cancellation: the process is terminated and the outcome is CANCELED. */
  readonly signal: AbortSignal;
  /**
   * Held by the runner only while the task's process runs, so at most `maxParallelTasks` processes
   * run at once while staging and collecting of other attempts overlap with them.
   */
  readonly processSlot: ProcessSlots;
}

/** Bounds how many task processes run at once: acquire resolves to the release function. */
export interface ProcessSlots {
  acquire(): Promise<() => void>;
}

/** How an attempt ended. Expected failures are values, never thrown. */
export type AttemptOutcome =
  | {
      readonly ok: true;
      readonly outputs: IoValues;
      readonly exitCode: number;
      /** Where the log is: its pipeline-root URI, or a local path when it could not be stored there. */
      readonly logUri: string | null;
      /** What the attempt ran on when that differs from its spec (recorded on the attempt). */
      readonly note?: string;
    }
  | {
      readonly ok: false;
      readonly kind: FailureKind;
      /** Coded message: `SKIFF_...: what, where, fix`. */
      readonly message: string;
      readonly exitCode: number | null;
      readonly logUri: string | null;
      /** What the attempt ran on when that differs from its spec (recorded on the attempt). */
      readonly note?: string;
    };

/** Runs attempts (the launcher implements it over an executor). */
export interface AttemptRunner {
  /** The local file the attempt's log is written to while it runs (readable live). */
  liveLogPath(context: AttemptContext): string;
  run(request: AttemptRequest): Promise<AttemptOutcome>;
  /**
   * Terminate what an attempt left running when Skiff stopped (found through its live log
   * `logPath`), before the task runs again. Optional; resolves once they are gone.
   */
  terminateLost?(logPath: string): Promise<void>;
  /**
   * Follow an attempt that was running when Skiff stopped to its end, when what runs it outlived
   * Skiff (a pod): resolves to its outcome, never starting it a second time; undefined when there
   * is nothing left to follow (the attempt is then recorded as lost). Optional.
   */
  adopt?(request: AttemptRequest): Promise<AttemptOutcome | undefined>;
  /**
   * The run ended in `state` (and this engine ran it): release what the runner holds for the whole
   * run, such as its workspace volume. Optional; never throws.
   */
  endRun?(runId: string, state: RunState): Promise<void>;
}

/** Time, injectable so retries and backoff are testable. */
export interface Clock {
  nowMs(): number;
  /** Resolve after `ms`, or reject with an AbortError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Structured logger (pino-compatible subset). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What the storage gate found for a run's pipeline root. */
export type StorageCheck =
  | { readonly ok: true; readonly storage: RunStorage }
  | {
      readonly ok: false;
      /** As far as it was resolved (null when no provider serves the root). */
      readonly storage: RunStorage | null;
      /** Why no task can start: names the URI, the endpoint, the key that set it and its source. */
      readonly error: SkiffError;
    };

/**
 * Checks a run's pipeline root before any task starts (provider, credentials, reachability, bucket,
 * a probe write), so storage faults surface at once, not inside an attempt.
 */
export interface StorageGate {
  check(pipelineRoot: string, signal: AbortSignal): Promise<StorageCheck>;
}
