import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CATEGORIES, parseClassificationMetrics } from './classification-metrics';
import { quote } from './metric-problems';
import { thinPoints } from './roc-points';
import { parseScalarMetrics } from './scalar-metrics';
import { parseSlicedMetrics } from './sliced-metrics';

const kfpMatrix = (categories: string[], rows: unknown[]) => ({
  annotationSpecs: categories.map((displayName) => ({ displayName })),
  rows: rows.map((row) => ({ row })),
});

describe('parseScalarMetrics', () => {
  it('keeps finite numbers in key order and quotes the rest', () => {
    const parsed = parseScalarMetrics({ accuracy: 0.9, loss: Number.NaN, name: 'x', f1: 1 });
    expect(parsed.metrics).toEqual([
      { name: 'accuracy', value: 0.9 },
      { name: 'f1', value: 1 },
    ]);
    expect(parsed.problems).toEqual([
      { path: 'loss', value: 'NaN', rule: 'expected a finite number' },
      { path: 'name', value: '"x"', rule: 'expected a finite number' },
    ]);
  });
  it('says when the metadata is not an object', () => {
    expect(parseScalarMetrics(null).problems[0]?.path).toBe('metadata');
    expect(parseScalarMetrics([1]).problems[0]?.value).toBe('[1]');
  });
});

describe('parseClassificationMetrics', () => {
  it('reads what KFP SDK writes: ROC sorted by FPR and the matrix', () => {
    const parsed = parseClassificationMetrics({
      confidenceMetrics: [
        { confidenceThreshold: 0.2, recall: 1, falsePositiveRate: 0.6 },
        { confidenceThreshold: 0.8, recall: 0.5, falsePositiveRate: 0.1 },
      ],
      confusionMatrix: kfpMatrix(
        ['cat', 'dog'],
        [
          [5, 1],
          [2, 7],
        ],
      ),
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.roc.map((p) => p.threshold)).toEqual([0.8, 0.2]);
    expect(parsed.matrix).toEqual({
      categories: ['cat', 'dog'],
      rows: [
        [5, 1],
        [2, 7],
      ],
    });
  });

  it('accepts categories as a plain list', () => {
    const parsed = parseClassificationMetrics({
      confusionMatrix: { categories: ['a'], rows: [{ row: [3] }] },
    });
    expect(parsed.matrix?.rows).toEqual([[3]]);
    expect(parsed.problems).toEqual([]);
  });

  it('quotes each bad field with its path and keeps what is valid', () => {
    const parsed = parseClassificationMetrics({
      confidenceMetrics: [
        { confidenceThreshold: 0.5, recall: 'high', falsePositiveRate: 0.2 },
        { confidenceThreshold: 0.4, recall: 0.7, falsePositiveRate: 0.3 },
        { confidenceThreshold: 0.3, recall: 0.9, falsePositiveRate: 1.5 },
      ],
      confusionMatrix: kfpMatrix(['a', 'b'], [[1, 2], [3]]),
    });
    expect(parsed.roc).toEqual([{ fpr: 0.3, tpr: 0.7, threshold: 0.4 }]);
    const paths = parsed.problems.map((p) => `${p.path}=${p.value}`);
    expect(paths).toContain('confidenceMetrics[0].recall="high"');
    expect(paths).toContain('confidenceMetrics[2].falsePositiveRate=1.5');
    expect(paths).toContain('confusionMatrix.rows[1].row=[3]');
    expect(parsed.matrix?.rows).toEqual([
      [1, 2],
      [3, undefined],
    ]);
  });

  it('cuts too many categories to the first 50, saying so', () => {
    const names = Array.from({ length: 60 }, (_, i) => `c${i}`);
    const parsed = parseClassificationMetrics({
      confusionMatrix: kfpMatrix(
        names,
        names.map(() => names.map(() => 1)),
      ),
    });
    expect(parsed.matrix?.categories).toHaveLength(MAX_CATEGORIES);
    expect(parsed.matrix?.rows.every((row) => row.length === MAX_CATEGORIES)).toBe(true);
    expect(parsed.problems[0]).toMatchObject({
      path: 'confusionMatrix.annotationSpecs',
      value: '"60 categories"',
    });
  });

  it('says when neither a ROC curve nor a matrix is there', () => {
    expect(parseClassificationMetrics({}).problems[0]?.rule).toContain('confidenceMetrics');
    expect(parseClassificationMetrics({ confidenceMetrics: 'x' }).problems[0]?.path).toBe(
      'confidenceMetrics',
    );
  });

  it('never throws, and keeps only valid points and square rows, on any JSON', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            confidenceMetrics: fc.oneof(
              fc.anything(),
              fc.array(
                fc.record({
                  confidenceThreshold: fc.oneof(fc.double(), fc.anything()),
                  recall: fc.oneof(fc.double(), fc.anything()),
                  falsePositiveRate: fc.oneof(fc.double(), fc.anything()),
                }),
              ),
            ),
            confusionMatrix: fc.oneof(
              fc.anything(),
              fc.record({
                annotationSpecs: fc.array(fc.oneof(fc.record({ displayName: fc.string() }), fc.anything())),
                rows: fc.array(fc.oneof(fc.record({ row: fc.array(fc.oneof(fc.double(), fc.anything())) }))),
              }),
            ),
          },
          { requiredKeys: [] },
        ),
        (metadata) => {
          const parsed = parseClassificationMetrics(metadata);
          for (const point of parsed.roc) {
            expect(point.fpr >= 0 && point.fpr <= 1 && point.tpr >= 0 && point.tpr <= 1).toBe(true);
            expect(Number.isFinite(point.threshold)).toBe(true);
          }
          const size = parsed.matrix?.categories.length ?? 0;
          for (const row of parsed.matrix?.rows ?? []) expect(row).toHaveLength(size);
          for (const found of parsed.problems) expect(found.value.length).toBeLessThanOrEqual(60);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseSlicedMetrics', () => {
  it('reads each slice with its own problems, paths from the top', () => {
    const parsed = parseSlicedMetrics({
      evaluationSlices: [
        { slice: 'overall', sliceClassificationMetrics: { confusionMatrix: kfpMatrix(['a'], [[4]]) } },
        { slice: 'young', sliceClassificationMetrics: { confidenceMetrics: [{ recall: 2 }] } },
      ],
    });
    expect(parsed.slices.map((s) => s.name)).toEqual(['overall', 'young']);
    expect(parsed.slices[1]?.metrics.problems[0]?.path).toBe(
      'evaluationSlices[1].sliceClassificationMetrics.confidenceMetrics[0].falsePositiveRate',
    );
  });
  it('says when there are no slices', () => {
    expect(parseSlicedMetrics({}).problems[0]).toMatchObject({ path: 'evaluationSlices', value: 'missing' });
  });
});

describe('quote and thinPoints', () => {
  it('names non-finite numbers and shortens long values', () => {
    expect(quote(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(quote('x'.repeat(100))).toHaveLength(60);
  });
  it('keeps the first and last points and at most max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 1000 }),
        fc.integer({ min: 2, max: 300 }),
        (points, max) => {
          const thin = thinPoints(points, max);
          expect(thin.length).toBe(Math.min(points.length, max));
          if (points.length > 0) {
            expect(thin[0]).toBe(points[0]);
            expect(thin.at(-1)).toBe(points.at(-1));
          }
        },
      ),
    );
  });
});
