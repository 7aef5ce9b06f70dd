import { describe, expect, it } from 'vitest';
import { findCycle } from './find-cycle.js';

describe('findCycle', () => {
  it('finds no cycle in a DAG and ignores edges to unknown nodes', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b', 'x']],
          ['b', []],
          ['c', ['a', 'b']],
        ]),
      ),
    ).toBeUndefined();
  });

  it('returns the cycle closed on its first node', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
  });

  it('handles a chain of 100000 nodes without overflowing the stack', () => {
    const edges = new Map(Array.from({ length: 100_000 }, (_, i) => [`t${i}`, i > 0 ? [`t${i - 1}`] : []]));
    expect(findCycle(edges)).toBeUndefined();
    edges.set('t0', ['t99999']);
    expect(findCycle(edges)?.length).toBe(100_001);
  });
});
