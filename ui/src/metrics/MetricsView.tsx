import './metrics.css';
import { useMemo } from 'react';
import type { RunArtifact } from '../api/skiff-types';
import { ClassificationView } from './ClassificationView';
import { parseClassificationMetrics } from './classification-metrics';
import { ProblemsBanner } from './ProblemsBanner';
import { ScalarMetricsTable } from './ScalarMetricsTable';
import { SlicedMetricsView } from './SlicedMetricsView';
import { parseScalarMetrics } from './scalar-metrics';
import { parseSlicedMetrics } from './sliced-metrics';

/**
 * A metrics artifact drawn from its metadata in KFP's formats: `system.Metrics` (scalar table),
 * `system.ClassificationMetrics` (ROC curve, confusion matrix), `system.SlicedClassificationMetrics`
 * (the same per slice). Malformed metadata gets a banner quoting what is wrong; the rest is drawn.
 */
export function MetricsView({ artifact }: { readonly artifact: RunArtifact }) {
  const { type, metadata, name } = artifact;
  const view = useMemo(() => {
    if (type === 'system.Metrics') {
      const parsed = parseScalarMetrics(metadata);
      return { problems: parsed.problems, body: <ScalarMetricsTable metrics={parsed.metrics} /> };
    }
    if (type === 'system.ClassificationMetrics') {
      const parsed = parseClassificationMetrics(metadata);
      return { problems: parsed.problems, body: <ClassificationView metrics={parsed} name={name} /> };
    }
    const parsed = parseSlicedMetrics(metadata);
    return { problems: parsed.problems, body: <SlicedMetricsView slices={parsed.slices} name={name} /> };
  }, [type, metadata, name]);
  return (
    <div className="metrics-view">
      <ProblemsBanner problems={view.problems} />
      {view.body}
    </div>
  );
}
