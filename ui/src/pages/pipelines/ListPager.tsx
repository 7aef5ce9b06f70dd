import { PageButtons } from '../../design/PageButtons';
import { setQueryParam } from '../../router/hash-location';
import { PAGE_SIZES, rangeText } from './list-params';

/** Rows per page, which rows are shown of how many, and the previous and next page. */
export function ListPager({
  index,
  pageSize,
  count,
  total,
  hasNext,
  busy,
  onPrevious,
  onNext,
}: {
  readonly index: number;
  readonly pageSize: number;
  readonly count: number;
  readonly total: number | undefined;
  readonly hasNext: boolean;
  readonly busy: boolean;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <label>
        <span className="muted">Rows per page</span>
        <select
          aria-label="Rows per page"
          value={pageSize}
          onChange={(event) => setQueryParam('size', event.target.value)}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <span className="muted" aria-live="polite">
        {rangeText(index, pageSize, count, total)}
      </span>
      <PageButtons
        onPrevious={index === 0 ? undefined : onPrevious}
        onNext={hasNext ? onNext : undefined}
        busy={busy}
      />
    </nav>
  );
}
