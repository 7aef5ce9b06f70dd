import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { PageButtons } from '../design/PageButtons';
import { TABLE_PAGE_ROWS } from './preview-limits';

/** Comma- or tab-separated text as a table (first row: header), TABLE_PAGE_ROWS rows a page. */
export function CsvTable({
  text,
  delimiter,
  cut,
}: {
  readonly text: string;
  readonly delimiter: ',' | '\t';
  /** The text was cut by a bounded read: its last line is dropped. */
  readonly cut: boolean;
}) {
  const rows = useMemo(() => {
    const whole = cut ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
    return Papa.parse<string[]>(whole, { delimiter, skipEmptyLines: true }).data;
  }, [text, delimiter, cut]);
  const [page, setPage] = useState(0);
  const [header = [], ...body] = rows;
  const pages = Math.max(1, Math.ceil(body.length / TABLE_PAGE_ROWS));
  const current = Math.min(page, pages - 1);
  const first = current * TABLE_PAGE_ROWS;
  const shown = body.slice(first, first + TABLE_PAGE_ROWS);
  const width = Math.max(header.length, ...shown.map((row) => row.length));
  return (
    <div className="artifact-table">
      <div className="table-scroll">
        <table className="table" aria-label="Table preview">
          <thead>
            <tr>
              {Array.from({ length: width }, (_, column) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions.
                <th scope="col" key={column}>
                  {header[column] ?? ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the page.
              <tr key={first + index}>
                {Array.from({ length: width }, (_, column) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions.
                  <td key={column}>{row[column] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <span>
          Rows {body.length === 0 ? 0 : first + 1}–{first + shown.length} of {body.length}
          {cut ? ' (so far)' : ''}
        </span>
        <PageButtons
          onPrevious={current === 0 ? undefined : () => setPage(current - 1)}
          onNext={current >= pages - 1 ? undefined : () => setPage(current + 1)}
        />
      </div>
    </div>
  );
}
