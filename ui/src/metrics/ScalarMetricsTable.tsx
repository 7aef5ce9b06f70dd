import type { ScalarMetric } from './scalar-metrics';

/** Scalar metrics as a two-column table (name, value). */
export function ScalarMetricsTable({ metrics }: { readonly metrics: readonly ScalarMetric[] }) {
  if (metrics.length === 0) return <p className="muted">No scalar metrics.</p>;
  return (
    <table className="table metric-table" aria-label="Scalar metrics">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            Value
          </th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => (
          <tr key={metric.name}>
            <th scope="row">{metric.name}</th>
            <td className="num mono">{formatMetric(metric.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A metric value with up to 6 significant digits (`0.912346`, `1.5e-7`). */
export function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
