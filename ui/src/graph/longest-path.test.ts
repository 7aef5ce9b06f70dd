import { describe, expect, it } from 'vitest';
import { longestPathLayout } from './longest-path';

const size = { nodeWidth: 100, nodeHeight: 40, gapX: 20, gapY: 40 };

describe('longestPathLayout', () => {
  it('puts each node one layer below the longest path reaching it', () => {
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'a', target: 'c' },
      { source: 'a', target: 'd' },
    ];
    const { positions } = longestPathLayout(['a', 'b', 'c', 'd'], edges, size);
    expect(positions.a!.y).toBeLessThan(positions.b!.y);
    expect(positions.b!.y).toBeLessThan(positions.c!.y);
    expect(positions.d!.y).toBe(positions.b!.y);
  });

  it('wraps a wide layer into a block and lays out 2,000 nodes at once', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `n${i}`);
    const started = performance.now();
    const layout = longestPathLayout(ids, [], size);
    expect(performance.now() - started).toBeLessThan(200);
    const xs = new Set(ids.map((id) => layout.positions[id]!.x));
    expect(xs.size).toBe(45); // ⌈√2000⌉ columns
    expect(layout.width).toBeLessThan(45 * 120);
    const keys = new Set(ids.map((id) => `${layout.positions[id]!.x},${layout.positions[id]!.y}`));
    expect(keys.size).toBe(2_000);
  });

  it('survives a cycle and edges to unknown nodes', () => {
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'a' },
      { source: 'c', target: 'zz' },
    ];
    const { positions } = longestPathLayout(['a', 'b', 'c'], edges, size);
    expect(Object.keys(positions).sort()).toEqual(['a', 'b', 'c']);
  });
});
