import type { CompareRow } from './compare-table';
import type { LoadedRun } from './use-compared-runs';

/** Rows (names) by columns (runs); a row whose values differ is highlighted and marked "≠". */
export function CompareTable({
  label,
  rows,
  runs,
  empty,
}: {
  readonly label: string;
  readonly rows: readonly CompareRow[];
  readonly runs: readonly LoadedRun[];
  readonly empty: string;
}) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-scroll">
      <table className="table compare-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {runs.map((run) => (
              <th scope="col" key={run.id}>
                {run.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} className={row.differs ? 'differs' : undefined} data-differs={row.differs}>
              <th scope="row">
                {row.name}
                {row.differs && (
                  <span className="differs-mark" title="The runs differ">
                    {' '}
                    ≠
                  </span>
                )}
              </th>
              {row.values.map((value, index) => (
                <td key={runs[index]?.id ?? index} className="mono">
                  {value ?? '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
