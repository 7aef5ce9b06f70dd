import { useMemo, useState } from 'react';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';
import { LogRows } from './LogRows';
import { LogToolbar } from './LogToolbar';
import { searchPages } from './log-search';
import { useLogSource } from './use-log-source';

/** The toolbar and rows of one attempt's log. */
export function LogBody(props: {
  readonly runId: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly live: boolean;
  readonly downloading: boolean;
  readonly onDownload: () => void;
}) {
  const source = useLogSource(props.runId, props.taskId, props.attempt, props.live);
  const layout = source.layout();
  const [follow, setFollow] = useState(props.live);
  const [wrap, setWrap] = useState(false);
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const version = source.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pages read change with the source's version.
  const found = useMemo(() => searchPages(source.loadedPages(), query), [source, version, query]);
  const index = Math.min(matchIndex, Math.max(0, found.matches.length - 1));
  const match = found.matches[index];
  const matchRow = match === undefined ? undefined : layout.starts[match.page]! + match.line;
  const current = useMemo(
    () => (matchRow === undefined || match === undefined ? undefined : { row: matchRow, start: match.start }),
    [matchRow, match],
  );
  const step = (by: 1 | -1) => {
    const count = found.matches.length;
    if (count === 0) return;
    setFollow(false);
    setMatchIndex((index + by + count) % count);
  };
  if (source.error !== undefined && source.size === undefined) return <ErrorBanner error={source.error} />;
  return (
    <>
      <LogToolbar
        follow={follow && props.live}
        onFollow={setFollow}
        live={props.live}
        wrap={wrap}
        onWrap={setWrap}
        query={query}
        onQuery={(next) => {
          setQuery(next);
          setMatchIndex(0);
          if (next !== '') setFollow(false);
        }}
        matches={query === '' ? undefined : { index, count: found.matches.length, capped: found.capped }}
        onStep={step}
        onDownload={props.onDownload}
        downloading={props.downloading}
        size={source.size}
        loadedBytes={source.bytesLoaded()}
        fetchedBytes={source.bytesFetched}
      />
      {source.error !== undefined && (
        <ErrorBanner error={source.error} title="Part of the log could not be read" />
      )}
      {source.size === undefined ? (
        <Loading what="Reading the end of the log" />
      ) : source.size === 0 ? (
        <div className="log-empty">(empty log{props.live ? ' so far' : ''})</div>
      ) : (
        <LogRows
          source={source}
          layout={layout}
          wrap={wrap}
          // Still on after the attempt ended, for the last lines it wrote.
          follow={follow}
          onScrollUp={() => setFollow(false)}
          query={query}
          current={current}
          label={`Log of ${props.taskId}, attempt ${props.attempt}`}
        />
      )}
    </>
  );
}
