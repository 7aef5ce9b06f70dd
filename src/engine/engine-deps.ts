import type { MetadataStore } from '../metadata/metadata-store.js';
import type { AttemptRecord, RunState, RunStorage, TaskKind, TaskState } from '../metadata/records.js';
import type { AttemptRunner, Clock, Logger, ProcessSlots, StorageGate } from './ports.js';

/** Engine settings taken from the resolved configuration. */
export interface EngineOptions {
  /** Most container attempts running at once across the run. */
  readonly maxParallelTasks: number;
  /** Global cache switch (`engine.cache`); runs and tasks can only turn caching off further. */
  readonly cache: boolean;
  /** Directory under which each run gets its shared workspace, `<workspaceRoot>/<runId>`. */
  readonly workspaceRoot: string;
}

/** A progress event, for live displays. */
export type EngineEvent =
  | {
      readonly type: 'run';
      readonly runId: string;
      readonly state: RunState;
      /** On RUNNING: the storage the run resolved. */
      readonly storage?: RunStorage;
      /** The run's display name, and its times and error once known (epoch ms). */
      readonly displayName?: string;
      readonly startedAtMs?: number | null;
      readonly finishedAtMs?: number | null;
      readonly error?: string | null;
    }
  | {
      readonly type: 'task';
      readonly runId: string;
      /** The task row's id. */
      readonly taskId?: string;
      readonly path: string;
      readonly kind: TaskKind;
      readonly state: TaskState;
      /** For container tasks: the current attempt and the most there can be. */
      readonly attempt?: number;
      readonly maxAttempts?: number;
      readonly startedAtMs?: number | null;
      readonly finishedAtMs?: number | null;
      readonly message?: string;
    }
  | {
      /** An attempt started or ended (as stored), with the most attempts its task can make. */
      readonly type: 'attempt';
      readonly runId: string;
      readonly path: string;
      readonly maxAttempts: number;
      readonly attempt: AttemptRecord;
    };

/** What the engine needs from the outside world, wired by `createServices`. */
export interface EngineDeps {
  readonly metadata: MetadataStore;
  readonly runner: AttemptRunner;
  readonly clock: Clock;
  readonly log: Logger;
  readonly newId: () => string;
  readonly options: EngineOptions;
  /**
   * Process slots shared by every run of this process (the server runs several at once), so
   * `engine.maxParallelTasks` bounds task processes across runs; absent: one set per run.
   */
  readonly processSlots?: ProcessSlots;
  /** Checks the pipeline root before a run's first task; absent: no check (unit tests). */
  readonly storage?: StorageGate;
  /** Called on every task and run transition, after it was stored. */
  readonly onEvent?: (event: EngineEvent) => void;
}
