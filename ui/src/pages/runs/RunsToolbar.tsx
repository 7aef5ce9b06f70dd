import { RUN_STATES, stateStyle } from '../../design/states';

/** The filters above a runs table: name search, state, page size. */
export function RunsToolbar({
  search,
  onSearch,
  state,
  onState,
  pageSize,
  onPageSize,
  children,
}: {
  readonly search: string;
  readonly onSearch: (text: string) => void;
  readonly state: string;
  readonly onState: (state: string) => void;
  readonly pageSize: number;
  readonly onPageSize: (size: number) => void;
  readonly children?: React.ReactNode;
}) {
  return (
    <div className="toolbar">
      <input
        type="search"
        aria-label="Search runs by name"
        placeholder="Search by name"
        value={search}
        onChange={(event) => onSearch(event.target.value)}
      />
      <label>
        State
        <select value={state} onChange={(event) => onState(event.target.value)}>
          <option value="">All</option>
          {RUN_STATES.map((s) => (
            <option key={s} value={s}>
              {stateStyle(s).label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rows
        <select value={pageSize} onChange={(event) => onPageSize(Number(event.target.value))}>
          {[10, 20, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <span className="grow" />
      {children}
    </div>
  );
}
