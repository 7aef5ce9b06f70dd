import { useEffect, useState } from 'react';
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

/**
 * The layout of a graph's structure (computed again only when `key`, which names its nodes and
 * edges, changes: a state change does not move anything).
 */
export function useLayout(
  key: string,
  ids: readonly string[],
  edges: readonly GraphEdge[],
): { readonly layout: GraphLayout | undefined; readonly error: string | undefined } {
  const [result, setResult] = useState<{ key: string; layout?: GraphLayout; error?: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for ids and edges.
  useEffect(() => {
    let live = true;
    requestLayout(ids, edges).then(
      (layout) => live && setResult({ key, layout }),
      (error: unknown) =>
        live && setResult({ key, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (result?.key !== key) return { layout: undefined, error: undefined };
  return { layout: result.layout, error: result.error };
}
