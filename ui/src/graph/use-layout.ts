import { useEffect, useRef, useState } from 'react';
import type { GraphEdge, GraphLayout } from './graph-types';
import type { LayoutRequest, LayoutResponse } from './layout-request';

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, (answer: LayoutResponse) => void>();

/** The one layout worker of the page, started on first use. */
function layoutWorker(): Worker {
  if (worker === undefined) {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      waiting.get(event.data.id)?.(event.data);
      waiting.delete(event.data.id);
    };
  }
  return worker;
}

// Start the worker as soon as the graph's code loads, so its module is read while the run's tasks arrive.
if (typeof Worker !== 'undefined') queueMicrotask(layoutWorker);

/** Lay out a graph in the worker. */
export function requestLayout(ids: readonly string[], edges: readonly GraphEdge[]): Promise<GraphLayout> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, (answer) =>
      'layout' in answer ? resolve(answer.layout) : reject(new Error(answer.error)),
    );
    const request: LayoutRequest = { id, ids, edges };
    layoutWorker().postMessage(request);
  });
}

interface Laid {
  readonly key: string;
  readonly viewKey: string;
  readonly layout?: GraphLayout;
  readonly error?: string;
}

/**
 * The layout of a graph's structure, computed again only when `key` (naming its nodes and edges)
 * changes: a state change moves nothing. One layout is asked at a time; while a run keeps adding
 * tasks, the last layout of the same view (`viewKey`) stays shown (`current` false) and the
 * newest structure is laid out next.
 */
export function useLayout(
  key: string,
  ids: readonly string[],
  edges: readonly GraphEdge[],
  viewKey: string,
): {
  readonly layout: GraphLayout | undefined;
  readonly error: string | undefined;
  readonly current: boolean;
} {
  const [laid, setLaid] = useState<Laid>();
  const latest = useRef({ key, ids, edges, viewKey });
  latest.current = { key, ids, edges, viewKey };
  const busy = useRef(false);
  const alive = useRef(true);
  const done = useRef<string | undefined>(undefined);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for ids and edges.
  useEffect(() => {
    const next = () => {
      const asked = latest.current;
      if (busy.current || !alive.current || done.current === asked.key) return;
      busy.current = true;
      requestLayout(asked.ids, asked.edges)
        .then(
          (layout): Laid => ({ key: asked.key, viewKey: asked.viewKey, layout }),
          (error: unknown): Laid => ({
            key: asked.key,
            viewKey: asked.viewKey,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .then((result: Laid) => {
          busy.current = false;
          done.current = result.key;
          if (!alive.current) return;
          setLaid(result);
          next();
        });
    };
    next();
  }, [key]);
  // A layout of another view (the level left) is never shown for this one.
  if (laid === undefined || laid.viewKey !== viewKey)
    return { layout: undefined, error: undefined, current: false };
  return { layout: laid.layout, error: laid.error, current: laid.key === key };
}
