/** What is needed to choose a run's curve: its points and whether its metadata had problems. */
export interface CurveCandidate {
  readonly metrics: { readonly roc: readonly unknown[]; readonly problems: readonly unknown[] };
}

/**
 * The classification artifact whose ROC curve stands for a run when runs are overlaid: a
 * well-formed one before a malformed one, then the one with the most points, then the first; so the
 * choice does not depend on the order in which the run's tasks happened to write them.
 */
export function bestCurve<T extends CurveCandidate>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const candidate of candidates) {
    if (candidate.metrics.roc.length === 0) continue;
    if (best === undefined || better(candidate, best)) best = candidate;
  }
  return best;
}

function better(a: CurveCandidate, b: CurveCandidate): boolean {
  const aClean = a.metrics.problems.length === 0;
  const bClean = b.metrics.problems.length === 0;
  if (aClean !== bClean) return aClean;
  return a.metrics.roc.length > b.metrics.roc.length;
}
