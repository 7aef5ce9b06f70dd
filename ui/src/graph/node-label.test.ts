import { describe, expect, it } from 'vitest';
import { nodeAriaLabel } from './node-label';

describe('the accessible name of a graph node', () => {
  it('says kind, name and state: "task a, Succeeded"', () => {
    expect(
      nodeAriaLabel({ id: 'a', label: 'a', kind: 'container', state: 'SUCCEEDED', drillable: false }),
    ).toBe('task a, Succeeded');
  });

  it('adds the attempts of a retried task and the iterations of a loop; a static graph has no state', () => {
    expect(
      nodeAriaLabel({
        id: 'f',
        label: 'flaky',
        kind: 'container',
        state: 'RUNNING',
        attempts: 3,
        drillable: false,
      }),
    ).toBe('task flaky, Running, 3 attempts');
    expect(
      nodeAriaLabel({
        id: 'l',
        label: 'for-each',
        kind: 'loop',
        counts: { SUCCEEDED: 3, RUNNING: 1 },
        drillable: true,
      }),
    ).toBe('loop for-each, 4 iterations');
    expect(nodeAriaLabel({ id: 'd', label: 'inner', kind: 'dag', drillable: true })).toBe('DAG inner');
  });
});
