import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { openEventStream } from '../../api/event-stream';
import { RUNS_EVENTS_PATH } from '../../api/run-events';
import type { RunsPage } from '../../api/runs-api';
import { applyRunsListChange, readRunsListChange } from './run-row-patch';

/**
 * Keep the runs page under `key` live: apply the runs-list stream's changes to it in the query
 * cache (states, times, rows leaving the view), reload it after `reset`, and count runs created
 * since it loaded (shown as "new runs", not inserted). Returns that count.
 */
export function useRunsLive(key: readonly unknown[], storageState: string): number {
  const client = useQueryClient();
  const [newRuns, setNewRuns] = useState<ReadonlySet<string>>(new Set());
  const keyRef = useRef(key);
  keyRef.current = key;
  const keyText = JSON.stringify(key);
  // A page loaded afresh holds what was new.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the page shown changes.
  useEffect(() => setNewRuns(new Set()), [keyText]);

  useEffect(() => {
    const stream = openEventStream(RUNS_EVENTS_PATH, {
      onMessage: (message) => {
        if (message.event === 'reset') {
          void client.invalidateQueries({ queryKey: ['runs-page'] });
          return;
        }
        const change = readRunsListChange(message.event, message.json);
        if (change === undefined) return;
        const page = client.getQueryData<RunsPage>(keyRef.current);
        if (page === undefined) return;
        const result = applyRunsListChange(page, change, storageState);
        if (result.kind === 'patched') {
          client.setQueryData(keyRef.current, result.page);
          // Other views (the archived list, other pages) reload when next shown.
          if (change.storageState !== undefined || change.event === 'deleted')
            void client.invalidateQueries({ queryKey: ['runs-page'], refetchType: 'none' });
        } else if (result.kind === 'new-run') {
          setNewRuns((seen) => new Set(seen).add(result.runId));
        }
      },
    });
    return () => stream.close();
  }, [client, storageState]);
  return newRuns.size;
}
