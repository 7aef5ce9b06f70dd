import type { AttemptEventData } from '../../api/run-events';
import type { Attempt } from '../../api/skiff-types';

/** The fetched attempts with the live `attempt` events laid over them (new attempts added). */
export function attemptRows(
  fetched: readonly Attempt[],
  events: ReadonlyMap<number, AttemptEventData> | undefined,
): Attempt[] {
  const rows = new Map<number, Attempt>();
  for (const attempt of fetched) rows.set(attempt.number, attempt);
  for (const event of events?.values() ?? []) {
    const known = rows.get(event.number);
    const round = known?.retry_round ?? fetched.at(-1)?.retry_round ?? 0;
    rows.set(event.number, {
      number: event.number,
      state: event.state ?? known?.state ?? 'RUNNING',
      start_time: event.start_time ?? known?.start_time ?? null,
      end_time: event.end_time !== undefined ? event.end_time : (known?.end_time ?? null),
      exit_code: event.exit_code !== undefined ? event.exit_code : (known?.exit_code ?? null),
      failure_kind: event.failure_kind !== undefined ? event.failure_kind : (known?.failure_kind ?? null),
      message: event.message !== undefined ? event.message : (known?.message ?? null),
      log_uri: known?.log_uri ?? null,
      next_retry_time:
        event.next_retry_time !== undefined ? event.next_retry_time : (known?.next_retry_time ?? null),
      retry_round: round,
      note: known?.note ?? null,
    });
  }
  return [...rows.values()].sort((a, b) => a.number - b.number);
}
