import type { RocPoint } from './classification-metrics';

/** The most points a ROC curve draws per series. */
export const MAX_DRAWN_POINTS = 200;

/** At most `max` points of a curve, evenly spaced, keeping the first and the last. */
export function thinPoints<T>(points: readonly T[], max = MAX_DRAWN_POINTS): readonly T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, index) => points[Math.round(index * step)]!);
}

/** A threshold as a tooltip shows it (up to 4 decimals). */
export const formatThreshold = (point: RocPoint) => `${Number(point.threshold.toFixed(4))}`;
