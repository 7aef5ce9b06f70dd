import { type ClassificationMetrics, parseClassificationMetrics } from './classification-metrics';
import { type MetricProblem, problem, record } from './metric-problems';

/** One slice of a `system.SlicedClassificationMetrics` artifact. */
export interface MetricSlice {
  readonly name: string;
  readonly metrics: ClassificationMetrics;
}

/** The slices of `evaluationSlices: [{slice, sliceClassificationMetrics}]`; each slice keeps its own problems. */
export function parseSlicedMetrics(metadata: unknown): {
  readonly slices: readonly MetricSlice[];
  readonly problems: readonly MetricProblem[];
} {
  const list = record(metadata)?.evaluationSlices;
  if (!Array.isArray(list))
    return {
      slices: [],
      problems: [problem('evaluationSlices', list, 'expected a list of {slice, sliceClassificationMetrics}')],
    };
  const problems: MetricProblem[] = [];
  const slices: MetricSlice[] = [];
  list.forEach((item: unknown, index) => {
    const at = `evaluationSlices[${index}]`;
    const entry = record(item);
    if (entry === undefined) {
      problems.push(problem(at, item, 'expected {slice, sliceClassificationMetrics}'));
      return;
    }
    const name = typeof entry.slice === 'string' && entry.slice !== '' ? entry.slice : `slice ${index + 1}`;
    if (typeof entry.slice !== 'string')
      problems.push(problem(`${at}.slice`, entry.slice, 'expected a name'));
    slices.push({
      name,
      metrics: parseClassificationMetrics(
        entry.sliceClassificationMetrics,
        `${at}.sliceClassificationMetrics`,
      ),
    });
  });
  return { slices, problems };
}
