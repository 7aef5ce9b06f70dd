import { useCallback, useEffect, useRef, useState } from 'react';
import { openEventStream } from '../../api/event-stream';
import { runEventsPath } from '../../api/run-events';
import { RunLive } from './run-live';

/** How long events are gathered before the page draws again (a 2,000-task run sends many). */
const FLUSH_MS = 150;

/**
 * A run's live state from `GET …/runs/{id}/events`: snapshot, then changes; closed on `end`.
 * `restart` opens the stream again (after a retry, which makes a finished run live again).
 */
export function useRunLive(runId: string): {
  readonly live: RunLive;
  readonly version: number;
  readonly error: unknown;
  readonly restart: () => void;
} {
  const [generation, setGeneration] = useState(0);
  const [live, setLive] = useState(() => new RunLive());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation opens a new stream.
  useEffect(() => {
    const state = new RunLive();
    setLive(state);
    setError(undefined);
    // A counter of draws, not the RunLive's own version: a new stream's snapshot and end can bring
    // a fresh RunLive to the very number the last one ended on, and the page would not draw it.
    const flush = () => {
      timer.current = undefined;
      setVersion((drawn) => drawn + 1);
    };
    const stream = openEventStream(runEventsPath(runId), {
      onMessage: (message) => {
        if (!state.apply(message.event, message.json)) return;
        if (message.event === 'end') {
          stream.close();
          flush();
        } else if (timer.current === undefined) timer.current = setTimeout(flush, FLUSH_MS);
      },
      onOpen: () => setError(undefined),
      onError: (failure) => setError(failure),
    });
    return () => {
      stream.close();
      if (timer.current !== undefined) clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [runId, generation]);

  const restart = useCallback(() => setGeneration((n) => n + 1), []);
  return { live, version, error, restart };
}
