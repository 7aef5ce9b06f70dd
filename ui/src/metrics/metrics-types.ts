/** The KFP artifact types whose metadata the metrics views draw. */
export const METRICS_TYPES = [
  'system.Metrics',
  'system.ClassificationMetrics',
  'system.SlicedClassificationMetrics',
] as const;

export type MetricsType = (typeof METRICS_TYPES)[number];

/** Whether an artifact of `type` is drawn from its metadata (scalars, ROC, confusion matrix). */
export const isMetricsType = (type: string): type is MetricsType =>
  (METRICS_TYPES as readonly string[]).includes(type);
