import { finite, type MetricProblem, problem } from './metric-problems';

/** One scalar metric (`Metrics.log_metric(name, value)`). */
export interface ScalarMetric {
  readonly name: string;
  readonly value: number;
}

/** The scalars of a `system.Metrics` artifact's metadata, in key order; other values are problems. */
export function parseScalarMetrics(metadata: unknown): {
  readonly metrics: readonly ScalarMetric[];
  readonly problems: readonly MetricProblem[];
} {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    return { metrics: [], problems: [problem('metadata', metadata, 'expected an object of metric values')] };
  const metrics: ScalarMetric[] = [];
  const problems: MetricProblem[] = [];
  for (const [name, value] of Object.entries(metadata)) {
    // KFP's SDK may add a display name beside the values; it is not a metric.
    if (name === 'display_name') continue;
    const number = finite(value);
    if (number === undefined) problems.push(problem(name, value, 'expected a finite number'));
    else metrics.push({ name, value: number });
  }
  return { metrics, problems };
}
