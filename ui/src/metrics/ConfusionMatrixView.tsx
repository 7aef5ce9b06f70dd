import './metrics.css';
import type { ConfusionMatrix } from './classification-metrics';

/** A confusion matrix as a heat map: rows are the actual category, columns the predicted one, counts in cells. */
export function ConfusionMatrixView({
  matrix,
  caption = 'Confusion matrix',
}: {
  readonly matrix: ConfusionMatrix;
  readonly caption?: string;
}) {
  const max = Math.max(1, ...matrix.rows.flatMap((row) => row.map((cell) => cell ?? 0)));
  return (
    <div className="confusion-wrap">
      <table className="confusion" aria-label={caption}>
        <caption>{caption} (rows: actual, columns: predicted)</caption>
        <thead>
          <tr>
            <th scope="col">actual \ predicted</th>
            {matrix.categories.map((category, index) => (
              // Categories may repeat in malformed data; the index keeps keys unique.
              // biome-ignore lint/suspicious/noArrayIndexKey: columns never reorder.
              <th scope="col" key={index}>
                {category}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row, rowIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows never reorder.
            <tr key={rowIndex}>
              <th scope="row">{matrix.categories[rowIndex]}</th>
              {row.map((cell, column) => {
                const share = cell === undefined ? 0 : Math.max(0, cell) / max;
                return (
                  <td
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells never reorder.
                    key={column}
                    className={share > 0.55 ? 'confusion-cell strong' : 'confusion-cell'}
                    style={{
                      background: `color-mix(in srgb, var(--accent) ${Math.round(share * 100)}%, var(--surface))`,
                    }}
                    title={`actual ${matrix.categories[rowIndex]}, predicted ${matrix.categories[column]}: ${cell ?? 'invalid'}`}
                  >
                    {cell ?? '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
