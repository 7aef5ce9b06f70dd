import type { EngineEvent } from '../../engine/index.js';
import { FINAL_RUN_STATES } from '../../metadata/index.js';
import { rfc3339 } from '../kfp/run-json.js';
import type { Frame } from './event-ring.js';

/** A JSON event payload (snake_case, as the rest of the Skiff API). */
export type Payload = Record<string, unknown>;

/** `text` cut to `maxChars` characters, marked with `…` when cut. */
export function capText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** Payload fields that are set (undefined and null left out: a delta carries only what it knows). */
function present(fields: Payload): Payload {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

/** Every string field of `fields` capped at `maxChars` (ids and states are short by construction). */
export function capped(fields: Payload, maxChars: number): Payload {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? capText(v, maxChars) : v]),
  );
}

/**
 * One server-sent event: `id: <epoch>.<seq>` (when it is a change), `event: <name>`, one `data:`
 * line of JSON (JSON.stringify never writes a raw newline).
 */
export function encodeFrame(epoch: string, seq: number | null, name: string, payload: Payload): Frame {
  const id = seq === null ? '' : `id: ${epoch}.${seq}\n`;
  const text = `${id}event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
  return { seq, name, text, bytes: Buffer.byteLength(text) };
}

/** The payload of a change the engine reported, or undefined for one streams leave out. */
export function eventPayload(
  event: EngineEvent,
  maxChars: number,
): { name: string; payload: Payload } | undefined {
  switch (event.type) {
    case 'run':
      return { name: 'run', payload: capped(runPayload(event), maxChars) };
    case 'task':
      // The echo of an attempt's start or failure: the `attempt` event says it in full.
      if (event.attempt !== undefined && event.state === 'RUNNING') return undefined;
      return {
        name: 'task',
        payload: capped(
          present({
            task_id: event.taskId,
            path: event.path,
            kind: event.kind,
            state: event.state,
            max_attempts: event.maxAttempts,
            start_time: event.state === 'RUNNING' ? rfc3339(event.startedAtMs ?? null) : undefined,
            end_time: rfc3339(event.finishedAtMs ?? null),
            error: event.state === 'SUCCEEDED' ? undefined : event.message,
          }),
          maxChars,
        ),
      };
    case 'attempt': {
      const a = event.attempt;
      return {
        name: 'attempt',
        payload: capped(
          {
            task_id: a.taskId,
            path: event.path,
            number: a.number,
            max_attempts: event.maxAttempts,
            state: a.state,
            start_time: rfc3339(a.startedAtMs),
            end_time: rfc3339(a.finishedAtMs) ?? null,
            exit_code: a.exitCode,
            failure_kind: a.failureKind,
            message: a.message,
            next_retry_time: rfc3339(a.nextRetryAtMs) ?? null,
          },
          maxChars,
        ),
      };
    }
  }
}

/** The run-level fields of a run change (also what the runs-list stream carries). */
function runPayload(event: EngineEvent & { type: 'run' }): Payload {
  return present({
    run_id: event.runId,
    state: event.state,
    display_name: event.displayName,
    start_time: rfc3339(event.startedAtMs ?? null),
    end_time: rfc3339(event.finishedAtMs ?? null),
    error: event.error,
  });
}

/** True for a run event whose state is final (the run stream ends after it). */
export function isFinalRunEvent(event: EngineEvent): boolean {
  return event.type === 'run' && FINAL_RUN_STATES.has(event.state);
}
