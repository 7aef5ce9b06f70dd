import type { CSSProperties } from 'react';
import { AnsiText } from './AnsiText';
import type { LogLine } from './log-lines';

/** One line: its number (or byte offset while the number is unknown) and its text with colours and matches. */
export function LogLineRow({
  index,
  measure,
  style,
  line,
  carry,
  number,
  query,
  current,
}: {
  readonly index: number;
  /** The virtualizer's measuring ref, for wrapped lines (their height varies). */
  readonly measure: ((element: Element | null) => void) | undefined;
  readonly style: CSSProperties;
  readonly line: LogLine;
  /** The ANSI style in effect where the line starts (an SGR sequence, empty when plain). */
  readonly carry: string;
  readonly number: number | undefined;
  readonly query: string;
  /** Start of the current search match when it is in this line. */
  readonly current: number | undefined;
}) {
  return (
    <div ref={measure} data-index={index} className="log-row" style={style}>
      <span className="log-no" title={number === undefined ? `byte ${line.offset}` : `line ${number}`}>
        {number === undefined ? `@${line.offset}` : number}
      </span>
      <span className="log-text" data-line={number}>
        <AnsiText text={line.text} carry={carry} highlight={query === '' ? undefined : { query, current }} />
        {line.cut && <span className="log-cut"> … (line continues)</span>}
      </span>
    </div>
  );
}
