import { ConfusionMatrixView } from './ConfusionMatrixView';
import type { ClassificationMetrics } from './classification-metrics';
import { LazyRocChart } from './LazyRocChart';
import { SERIES_COLORS } from './series-colors';

/** A classifier's ROC curve and confusion matrix, side by side, as far as they are valid. */
export function ClassificationView({
  metrics,
  name,
}: {
  readonly metrics: ClassificationMetrics;
  readonly name: string;
}) {
  const nothing = metrics.roc.length === 0 && metrics.matrix === undefined;
  return (
    <div className="metrics-row">
      {metrics.roc.length > 0 && (
        <section aria-label="ROC curve">
          <h3>ROC curve ({metrics.roc.length} points)</h3>
          <LazyRocChart series={[{ name, color: SERIES_COLORS[0], points: metrics.roc }]} />
        </section>
      )}
      {metrics.matrix !== undefined && (
        <section aria-label="Confusion matrix">
          <h3>Confusion matrix</h3>
          <ConfusionMatrixView matrix={metrics.matrix} />
        </section>
      )}
      {nothing && <p className="muted">Nothing valid to draw.</p>}
    </div>
  );
}
