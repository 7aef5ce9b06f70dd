import { formatBytes } from '../format/bytes';

/** The toolbar's state and what its controls call. */
export interface LogToolbarProps {
  readonly follow: boolean;
  readonly onFollow: (on: boolean) => void;
  /** The attempt still writes to its log (following makes sense). */
  readonly live: boolean;
  readonly wrap: boolean;
  readonly onWrap: (on: boolean) => void;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  /** `3 of 12`, or undefined with no query; `whole`: in the whole log, not only the pages read. */
  readonly matches:
    | {
        readonly index: number;
        readonly count: number;
        readonly capped: boolean;
        readonly searching: boolean;
        readonly whole: boolean;
      }
    | undefined;
  readonly onStep: (by: 1 | -1) => void;
  readonly onDownload: () => void;
  readonly downloading: boolean;
  readonly size: number | undefined;
  readonly loadedBytes: number;
  readonly fetchedBytes: number;
}

/** Follow, wrap, search with next/previous, download, and what has been read of the log. */
export function LogToolbar(props: LogToolbarProps) {
  const { matches, size } = props;
  return (
    <div className="toolbar log-toolbar">
      <label title={props.live ? 'Keep the end of the log in view as it grows' : 'The attempt has ended'}>
        <input
          type="checkbox"
          checked={props.follow}
          disabled={!props.live}
          onChange={(event) => props.onFollow(event.target.checked)}
        />
        Follow
      </label>
      <label>
        <input
          type="checkbox"
          checked={props.wrap}
          onChange={(event) => props.onWrap(event.target.checked)}
        />
        Wrap lines
      </label>
      <input
        type="search"
        aria-label="Search the log"
        placeholder="Search"
        value={props.query}
        onChange={(event) => props.onQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') props.onStep(event.shiftKey ? -1 : 1);
        }}
      />
      <button
        type="button"
        className="btn btn-small"
        disabled={!matches?.count}
        onClick={() => props.onStep(-1)}
      >
        Previous
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={!matches?.count}
        onClick={() => props.onStep(1)}
      >
        Next
      </button>
      {matches !== undefined && (
        <span className="muted" role="status">
          {matches.count === 0
            ? 'No match'
            : `${matches.index + 1} of ${matches.count}${matches.capped ? '+' : ''}`}
          {matches.whole ? '' : ` in the ${formatBytes(props.loadedBytes)} read`}
          {matches.searching ? ' · searching the whole log…' : ''}
        </span>
      )}
      <span className="grow" />
      <span className="muted log-size" data-testid="log-bytes">
        {size === undefined ? '' : `${formatBytes(size)} · ${formatBytes(props.fetchedBytes)} fetched`}
      </span>
      <button type="button" className="btn btn-small" disabled={props.downloading} onClick={props.onDownload}>
        {props.downloading ? 'Downloading…' : 'Download'}
      </button>
    </div>
  );
}
