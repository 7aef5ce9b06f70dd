import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiJson } from '../../api/client';
import { type RunAction, type RunInfo, runActionPath, runPath } from '../../api/run-details';
import { Dialog } from '../../design/Dialog';
import { ErrorBanner } from '../../design/ErrorBanner';
import { navigate } from '../../router/hash-location';

const RETRYABLE = new Set(['FAILED', 'CANCELED']);
const ACTIVE = new Set(['PENDING', 'RUNNING', 'CANCELING']);

/** Retry (failed or canceled runs), terminate (while running), clone, archive or restore, delete. */
export function RunActions({
  info,
  state,
  onChanged,
}: {
  readonly info: RunInfo;
  readonly state: string | undefined;
  readonly onChanged: (action: RunAction) => void;
}) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const act = useMutation({
    mutationFn: (action: RunAction) => apiJson(runActionPath(info.run_id, action), { method: 'POST' }),
    onSuccess: async (_, action) => {
      await client.invalidateQueries({ queryKey: ['run-info', info.run_id] });
      onChanged(action);
    },
    // The run may have changed meanwhile (archived elsewhere, deleted): read it again.
    onError: () => client.invalidateQueries({ queryKey: ['run-info', info.run_id] }),
  });
  const remove = useMutation({
    mutationFn: () => apiJson(runPath(info.run_id), { method: 'DELETE' }),
    onSuccess: () => navigate('/runs'),
  });
  const archived = info.storage_state === 'ARCHIVED';
  const busy = act.isPending || remove.isPending;
  return (
    <>
      {state !== undefined && RETRYABLE.has(state) && (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act.mutate('retry')}>
          Retry
        </button>
      )}
      {state !== undefined && ACTIVE.has(state) && (
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          onClick={() => act.mutate('terminate')}
        >
          Terminate
        </button>
      )}
      <a className="btn" href={`#/runs/new?cloneFromRun=${encodeURIComponent(info.run_id)}`}>
        Clone
      </a>
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => act.mutate(archived ? 'unarchive' : 'archive')}
      >
        {archived ? 'Restore' : 'Archive'}
      </button>
      <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
        Delete
      </button>
      {act.isError && <ErrorBanner error={act.error} title="The action failed" />}
      {confirming && (
        <Dialog title="Delete this run?" onClose={() => setConfirming(false)}>
          <p>
            The run “{info.display_name ?? info.run_id}”, its tasks and attempts are deleted from the metadata
            store. Its artifacts stay where they are.
          </p>
          {remove.isError && <ErrorBanner error={remove.error} />}
          <div className="toolbar">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => remove.mutate()}>
              Delete run
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
