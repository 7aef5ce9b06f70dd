import type { JsonValue } from '../ir/types.js';
import type { RunRecord } from '../metadata/records.js';
import type { EngineDeps } from './engine-deps.js';

/** What a new run needs; arguments must already be checked and defaulted (`resolveRunArguments`). */
export interface NewRun {
  /** The run's id when the caller chose it (to take the run's lease before it exists); else a new one. */
  readonly id?: string;
  /** The spec's `pipelineInfo.name`. */
  readonly pipelineName: string;
  readonly specText: string;
  readonly arguments: Readonly<Record<string, JsonValue>>;
  readonly pipelineRoot: string;
  readonly displayName?: string;
  /** False turns caching off for this run (`--no-cache`). */
  readonly cache?: boolean;
  /** API fields of runs created through the server. */
  readonly experimentId?: string;
  readonly description?: string;
  readonly pipelineVersion?: { readonly pipelineId: string; readonly pipelineVersionId: string };
  readonly recurringRunId?: string;
  /** When a trigger scheduled the run (epoch ms); absent: the creation time. */
  readonly scheduledAtMs?: number;
}

/** Store a new PENDING run and return it. */
export async function createRun(deps: EngineDeps, input: NewRun): Promise<RunRecord> {
  const id = input.id ?? deps.newId();
  const createdAtMs = deps.clock.nowMs();
  const run: RunRecord = {
    id,
    pipelineName: input.pipelineName,
    displayName: input.displayName ?? `${input.pipelineName}-${id.replace(/-/g, '').slice(0, 8)}`,
    specText: input.specText,
    arguments: input.arguments,
    pipelineRoot: input.pipelineRoot,
    state: 'PENDING',
    createdAtMs,
    scheduledAtMs: input.scheduledAtMs ?? createdAtMs,
    startedAtMs: null,
    finishedAtMs: null,
    options: { cache: input.cache ?? true },
    outputs: null,
    error: null,
    storage: null,
    experimentId: input.experimentId ?? null,
    description: input.description ?? '',
    storageState: 'AVAILABLE',
    pipelineVersion: input.pipelineVersion ?? null,
    recurringRunId: input.recurringRunId ?? null,
  };
  await deps.metadata.runs.create(run);
  deps.onEvent?.({ type: 'run', runId: id, state: 'PENDING', displayName: run.displayName });
  return run;
}
