import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { openEventStream } from '../../api/event-stream';
import type { RunInfo } from '../../api/run-details';
import { RUNS_EVENTS_PATH } from '../../api/run-events';
import { stateStyle } from '../../design/states';
import { readRunsListChange } from '../runs/run-row-patch';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * What happens to a run besides its states, which only the runs-list stream says: archived or
 * restored (its `storage_state` in the run-info cache is kept up to date) and deleted. Also true
 * for `gone` when a read of the run (`readErrors`: its info, its event stream) answered 404.
 * The runs-list stream is opened only once the run has finished (`state` is final): while it
 * runs, its own stream is open (a browser gives a server 6 connections, each stream holds one),
 * and a delete first ends the run, so its page finds out once it shows CANCELED.
 */
export function useRunFate(
  runId: string,
  state: string | undefined,
  readErrors: readonly unknown[],
): { readonly gone: boolean } {
  const client = useQueryClient();
  const [deleted, setDeleted] = useState(false);
  const finished = stateStyle(state).final;
  // A delete first terminates the run: one that ended CANCELED may be gone already.
  const maybeDeleted = state === 'CANCELED';
  useEffect(() => {
    if (!finished) return;
    const stream = openEventStream(RUNS_EVENTS_PATH, {
      // A delete that happened before the stream was open is found by reading the run afresh (404).
      onOpen: () => {
        if (maybeDeleted) void client.invalidateQueries({ queryKey: ['run-info', runId] });
      },
      onMessage: (message) => {
        // Changes were lost (the server restarted, or too many since): read the run again.
        if (message.event === 'reset') void client.invalidateQueries({ queryKey: ['run-info', runId] });
        const change = readRunsListChange(message.event, message.json);
        if (change === undefined || change.runId !== runId) return;
        if (change.event === 'deleted') setDeleted(true);
        else if (change.storageState !== undefined) {
          const storageState = change.storageState;
          client.setQueryData<RunInfo>(['run-info', runId], (info) =>
            info === undefined ? info : { ...info, storage_state: storageState },
          );
          // A read begun before the change (the one when the stream opened) must not undo it.
          void client.invalidateQueries({ queryKey: ['run-info', runId] });
        }
      },
    });
    return () => stream.close();
  }, [client, runId, finished, maybeDeleted]);
  return { gone: deleted || readErrors.some(isNotFound) };
}
