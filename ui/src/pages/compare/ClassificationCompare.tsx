import { useMemo } from 'react';
import { ConfusionMatrixView } from '../../metrics/ConfusionMatrixView';
import { parseClassificationMetrics } from '../../metrics/classification-metrics';
import { LazyRocChart } from '../../metrics/LazyRocChart';
import { ProblemsBanner } from '../../metrics/ProblemsBanner';
import type { RocSeries } from '../../metrics/RocChart';
import { seriesColor } from '../../metrics/series-colors';
import { bestCurve } from './best-curve';
import type { LoadedRun } from './use-compared-runs';

/** ROC curves overlaid (one colour per run) and confusion matrices side by side, from ClassificationMetrics artifacts. */
export function ClassificationCompare({ runs }: { readonly runs: readonly LoadedRun[] }) {
  const found = useMemo(
    () =>
      runs.flatMap((run) =>
        run.artifacts
          .filter(
            (artifact) => artifact.type === 'system.ClassificationMetrics' && artifact.run_id === run.id,
          )
          .map((artifact) => ({
            run,
            artifact,
            label: `${run.name} · ${artifact.producer?.task_path ?? artifact.name}.${artifact.name}`,
            metrics: parseClassificationMetrics(artifact.metadata),
          })),
      ),
    [runs],
  );
  // One curve per run, chosen so that the order its tasks wrote their artifacts in does not matter.
  const series: RocSeries[] = runs.flatMap((run, index) => {
    const best = bestCurve(found.filter((entry) => entry.run === run));
    return best === undefined
      ? []
      : [{ name: run.name, color: seriesColor(index), points: best.metrics.roc }];
  });
  const matrices = found.filter((entry) => entry.metrics.matrix !== undefined);
  const problems = found.flatMap((entry) =>
    entry.metrics.problems.map((p) => ({ ...p, path: `${entry.label}: ${p.path}` })),
  );
  return (
    <>
      <section className="card compare-section" aria-label="ROC curves">
        <h2>ROC curves</h2>
        <ProblemsBanner problems={problems} />
        {series.length === 0 ? (
          <p className="muted">No ROC curves in these runs.</p>
        ) : (
          <LazyRocChart series={series} />
        )}
      </section>
      <section className="card compare-section" aria-label="Confusion matrices">
        <h2>Confusion matrices</h2>
        {matrices.length === 0 ? (
          <p className="muted">No confusion matrices in these runs.</p>
        ) : (
          <div className="compare-matrices">
            {matrices.map((entry) =>
              entry.metrics.matrix === undefined ? null : (
                <ConfusionMatrixView
                  key={entry.artifact.artifact_id}
                  matrix={entry.metrics.matrix}
                  caption={entry.label}
                />
              ),
            )}
          </div>
        )}
      </section>
    </>
  );
}
