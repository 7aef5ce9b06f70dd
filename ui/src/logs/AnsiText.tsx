import Anser from 'anser';
import { type CSSProperties, memo, type ReactNode } from 'react';
import { findAll } from './log-search';

/** Highlighting of search matches in a line: the query, and the start of the current match if in this line. */
export interface Highlight {
  readonly query: string;
  readonly current: number | undefined;
}

function styleOf(chunk: Anser.AnserJsonEntry): CSSProperties | undefined {
  const style: CSSProperties = {};
  if (chunk.fg) style.color = `rgb(${chunk.fg})`;
  if (chunk.bg) style.backgroundColor = `rgb(${chunk.bg})`;
  const decorations = chunk.decorations ?? [];
  if (decorations.includes('bold')) style.fontWeight = 600;
  if (decorations.includes('italic')) style.fontStyle = 'italic';
  if (decorations.includes('dim')) style.opacity = 0.7;
  if (decorations.includes('underline')) style.textDecoration = 'underline';
  return Object.keys(style).length === 0 ? undefined : style;
}

/**
 * A log line with its ANSI colours as spans (text nodes only: the log never becomes HTML), and
 * search matches marked. `carry` is the SGR sequence in effect where the line starts (colours set
 * on an earlier line and not reset yet; see ansi-carry.ts).
 */
export const AnsiText = memo(function AnsiText({
  text,
  carry = '',
  highlight,
}: {
  readonly text: string;
  readonly carry?: string;
  readonly highlight: Highlight | undefined;
}) {
  const chunks =
    carry !== '' || text.includes('\u001b')
      ? Anser.ansiToJson(carry + text, { json: true, remove_empty: true })
      : [{ content: text } as Anser.AnserJsonEntry];
  const plain = chunks.map((chunk) => chunk.content).join('');
  const length = highlight?.query.length ?? 0;
  const ranges =
    highlight === undefined ? [] : findAll(plain, highlight.query).map((start) => [start, start + length]);
  const out: ReactNode[] = [];
  let offset = 0;
  for (const [index, chunk] of chunks.entries()) {
    const style = styleOf(chunk);
    const end = offset + chunk.content.length;
    const pieces: ReactNode[] = [];
    let at = offset;
    for (const [from, to] of ranges) {
      if (to! <= at || from! >= end) continue;
      const start = Math.max(from!, at);
      const stop = Math.min(to!, end);
      if (start > at) pieces.push(chunk.content.slice(at - offset, start - offset));
      pieces.push(
        <mark
          key={start}
          className={from === highlight?.current ? 'log-match log-match-current' : 'log-match'}
        >
          {chunk.content.slice(start - offset, stop - offset)}
        </mark>,
      );
      at = stop;
    }
    if (at < end) pieces.push(chunk.content.slice(at - offset));
    out.push(
      style === undefined ? (
        pieces.length === 1 && typeof pieces[0] === 'string' ? (
          pieces[0]
        ) : (
          <span key={index}>{pieces}</span>
        )
      ) : (
        <span key={index} className="ansi" style={style}>
          {pieces}
        </span>
      ),
    );
    offset = end;
  }
  return <>{out}</>;
});
