/** Finds one cycle in a directed graph given as node → successors; returns it closed (`a, b, a`) or undefined. */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS so that a deep chain of tasks cannot overflow the call stack.
    const frames: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    stack.push(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const successors = edges.get(frame.node) ?? [];
      if (frame.next >= successors.length) {
        state.set(frame.node, 'done');
        stack.pop();
        frames.pop();
        continue;
      }
      const next = successors[frame.next++]!;
      if (!edges.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (seen === undefined) {
        state.set(next, 'open');
        stack.push(next);
        frames.push({ node: next, next: 0 });
      }
    }
  }
  return undefined;
}
