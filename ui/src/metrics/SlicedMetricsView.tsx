import { useId, useState } from 'react';
import { ClassificationView } from './ClassificationView';
import { ProblemsBanner } from './ProblemsBanner';
import type { MetricSlice } from './sliced-metrics';

/** Classification metrics per slice, one slice at a time, chosen with a selector. */
export function SlicedMetricsView({
  slices,
  name,
}: {
  readonly slices: readonly MetricSlice[];
  readonly name: string;
}) {
  const [index, setIndex] = useState(0);
  const id = useId();
  const chosen = slices[Math.min(index, slices.length - 1)];
  if (chosen === undefined) return <p className="muted">No slices.</p>;
  return (
    <div className="metrics-sliced">
      <label className="field" htmlFor={id}>
        <span className="label">Slice</span>
        <select id={id} value={index} onChange={(event) => setIndex(Number(event.target.value))}>
          {slices.map((slice, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: slices never reorder; names may repeat.
            <option key={i} value={i}>
              {slice.name}
            </option>
          ))}
        </select>
      </label>
      <ProblemsBanner problems={chosen.metrics.problems} />
      <ClassificationView metrics={chosen.metrics} name={`${name} · ${chosen.name}`} />
    </div>
  );
}
