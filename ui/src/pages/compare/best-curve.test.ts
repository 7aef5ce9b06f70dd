import { describe, expect, it } from 'vitest';
import { bestCurve } from './best-curve';

const candidate = (name: string, points: number, problems: number) => ({
  name,
  metrics: { roc: Array.from({ length: points }, () => ({})), problems: Array.from({ length: problems }) },
});

describe('bestCurve', () => {
  it('prefers a well-formed curve to a malformed one, whichever was written first', () => {
    const broken = candidate('broken', 1, 2);
    const good = candidate('good', 5, 0);
    expect(bestCurve([broken, good])?.name).toBe('good');
    expect(bestCurve([good, broken])?.name).toBe('good');
  });

  it('then the curve with the most points, then the first; none without points', () => {
    expect(bestCurve([candidate('a', 3, 0), candidate('b', 7, 0), candidate('c', 7, 0)])?.name).toBe('b');
    expect(bestCurve([candidate('empty', 0, 0)])).toBeUndefined();
    expect(bestCurve([candidate('only-broken', 2, 1)])?.name).toBe('only-broken');
  });
});
