import type { RecurringRunRecord } from '../../metadata/index.js';
import { nextTriggerTime } from '../scheduler/index.js';
import { rfc3339 } from './run-json.js';

/** A trigger's times as KFP writes them: RFC 3339, absent when unbounded. */
function bounds(startAtMs: number | null, endAtMs: number | null): Record<string, string | undefined> {
  return { start_time: rfc3339(startAtMs), end_time: rfc3339(endAtMs) };
}

/**
 * A recurring run as KFP v2beta1 JSON (`V2beta1RecurringRun`): int64 fields as strings, string
 * enums; Skiff adds `skiff_last_scheduled_at` and, while enabled, `skiff_next_scheduled_at`.
 * `pipelineSpec` is its spec as an object (`specObject`), shown when it has no version reference.
 */
export function recurringRunJson(
  rr: RecurringRunRecord,
  nowMs: number,
  pipelineSpec: unknown,
): Record<string, unknown> {
  const { trigger } = rr;
  const json: Record<string, unknown> = {
    recurring_run_id: rr.id,
    display_name: rr.displayName,
    description: rr.description,
    runtime_config: { parameters: rr.parameters, pipeline_root: rr.pipelineRoot ?? undefined },
    service_account: rr.serviceAccount,
    max_concurrency: String(rr.maxConcurrency),
    trigger:
      trigger.kind === 'cron'
        ? { cron_schedule: { ...bounds(trigger.startAtMs, trigger.endAtMs), cron: trigger.cron } }
        : {
            periodic_schedule: {
              ...bounds(trigger.startAtMs, trigger.endAtMs),
              interval_second: String(trigger.intervalSeconds),
            },
          },
    mode: rr.status === 'ENABLED' ? 'ENABLE' : 'DISABLE',
    created_at: rfc3339(rr.createdAtMs),
    updated_at: rfc3339(rr.updatedAtMs),
    status: rr.status,
    no_catchup: rr.noCatchup,
    namespace: rr.namespace,
    skiff_last_scheduled_at: rfc3339(rr.lastScheduledAtMs),
  };
  if (rr.experimentId !== null) json.experiment_id = rr.experimentId;
  if (rr.pipelineVersion !== null) {
    json.pipeline_version_reference = {
      pipeline_id: rr.pipelineVersion.pipelineId,
      pipeline_version_id: rr.pipelineVersion.pipelineVersionId,
    };
  } else {
    json.pipeline_spec = pipelineSpec;
  }
  if (rr.error !== null) json.error = { code: 2, message: rr.error, details: [] };
  if (rr.status === 'ENABLED') {
    const after = Math.max(rr.lastScheduledAtMs ?? rr.createdAtMs, nowMs);
    json.skiff_next_scheduled_at = rfc3339(nextTriggerTime(trigger, rr.createdAtMs, after) ?? null);
  }
  return json;
}
