import type { RunRecord, RunStorageState } from '../../metadata/index.js';
import type { EventHub } from './event-hub.js';

/**
 * Tell the runs-list stream a run was archived or restored: a `run` event with its current
 * `state`, `display_name` and the new `storage_state`, so a list can move the row between views.
 */
export function publishStorageState(hub: EventHub, run: RunRecord, storageState: RunStorageState): void {
  hub.publishRunsList('run', {
    run_id: run.id,
    state: run.state,
    display_name: run.displayName,
    storage_state: storageState,
  });
}

/** Tell the runs-list stream a run was deleted: a `deleted` event with its `run_id`. */
export function publishDeleted(hub: EventHub, runId: string): void {
  hub.publishRunsList('deleted', { run_id: runId });
}
