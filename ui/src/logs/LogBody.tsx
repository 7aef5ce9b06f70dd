import { useEffect, useMemo, useState } from 'react';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';
import { LogRows } from './LogRows';
import { LogToolbar } from './LogToolbar';
import { useLogSearch } from './use-log-search';
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
  const found = useLogSearch(source, props, query);
  const index = Math.min(matchIndex, Math.max(0, found.hits.length - 1));
  const match = found.hits[index];
  const lines = match === undefined ? undefined : source.linesOf(match.page);
  const lineIndex =
    match === undefined ? -1 : (lines?.findIndex((line) => line.offset === match.offset) ?? -1);
  const matchRow = match === undefined || lineIndex < 0 ? undefined : layout.starts[match.page]! + lineIndex;
  const current = useMemo(
    () => (matchRow === undefined || match === undefined ? undefined : { row: matchRow, start: match.start }),
    [matchRow, match],
  );
  // A match the server found in a page not read yet: read it, then it is scrolled to.
  const version = source.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again on each change until the page is read.
  useEffect(() => {
    if (match !== undefined && lines === undefined) source.ensure([match.page]);
  }, [source, match, lines, version]);
  const step = (by: 1 | -1) => {
    const count = found.hits.length;
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
        matches={
          query === ''
            ? undefined
            : {
                index,
                count: found.hits.length,
                capped: found.capped,
                searching: found.searching,
                whole: found.whole,
              }
        }
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
