import { useId, useMemo, useState } from 'react';
import { CompareTable } from './CompareTable';
import { metricRows, toCsv } from './compare-table';
import type { LoadedRun } from './use-compared-runs';

/** Scalar metrics side by side, with an "only differences" toggle and a CSV download of the table shown. */
export function MetricsCompare({ runs }: { readonly runs: readonly LoadedRun[] }) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const toggleId = useId();
  const all = useMemo(() => metricRows(runs), [runs]);
  const rows = onlyDifferences ? all.filter((row) => row.differs) : all;
  const exportCsv = () => {
    const csv = toCsv(['metric', ...runs.map((run) => run.name)], rows);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `compare-metrics-${runs.length}-runs.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <section className="card compare-section" aria-labelledby={`${toggleId}-title`}>
      <div className="toolbar">
        <h2 id={`${toggleId}-title`}>Metrics</h2>
        <label htmlFor={toggleId} className="compare-toggle">
          <input
            id={toggleId}
            type="checkbox"
            checked={onlyDifferences}
            onChange={(event) => setOnlyDifferences(event.target.checked)}
          />{' '}
          Only differences
        </label>
        <button type="button" className="btn btn-small" onClick={exportCsv} disabled={all.length === 0}>
          Export CSV
        </button>
      </div>
      <CompareTable
        label="Metrics"
        rows={rows}
        runs={runs}
        empty={
          onlyDifferences && all.length > 0 ? 'Every metric is the same in these runs.' : 'No scalar metrics.'
        }
      />
    </section>
  );
}
