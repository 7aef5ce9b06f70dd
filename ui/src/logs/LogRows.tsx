import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { AnsiText } from './AnsiText';
import type { LogLayout } from './log-layout';
import type { LogSource } from './log-source';

/** Height of one unwrapped row, in pixels (the CSS line height of .log-row). */
export const ROW_PX = 18;
/** How long the visible rows must stay before their pages are fetched (a dragged scrollbar passes many). */
const SETTLE_MS = 120;

export interface LogRowsProps {
  readonly source: LogSource;
  readonly layout: LogLayout;
  readonly wrap: boolean;
  /** Keep the end in view as the log grows. */
  readonly follow: boolean;
  /** The person scrolled up: following stops. */
  readonly onScrollUp: () => void;
  readonly query: string;
  /** The current search match: its row and start in the line's text. */
  readonly current: { readonly row: number; readonly start: number } | undefined;
  readonly label: string;
}

/**
 * The log's rows, virtualized: only the rows in view (and a few more) are in the DOM. Rows of pages
 * not read yet are placeholders, and their pages are fetched once the view settles on them. When a
 * page above the view is read and its estimated rows become real ones, the view is moved by the
 * difference so that what is shown stays in place.
 */
export function LogRows({ source, layout, wrap, follow, onScrollUp, query, current, label }: LogRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: layout.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 15,
    getItemKey: (index) => rowKey(source, layout, index),
  });
  const items = virtualizer.getVirtualItems();
  const marks = useRef<ScrollMarks>({ ours: undefined, lastTop: 0 });
  const anchor = useRef<{ row: number; counts: readonly number[] } | undefined>(undefined);
  const atStart = useRef(true);

  // Keep the view in place when pages above it change their number of rows; follow the end.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null || layout.total === 0) return;
    const counts = layout.pages.map((page) => page.count);
    if (follow || atStart.current) {
      atStart.current = false;
      setTop(element, marks.current, element.scrollHeight);
    } else if (anchor.current !== undefined) {
      const before = anchor.current.counts;
      let delta = 0;
      let start = 0;
      for (let page = 0; page < before.length && start < anchor.current.row; page++) {
        delta += (counts[page] ?? 0) - before[page]!;
        start += before[page]!;
      }
      if (delta !== 0) setTop(element, marks.current, element.scrollTop + delta * ROW_PX);
    }
    const first = virtualizer.getVirtualItemForOffset(element.scrollTop)?.index ?? 0;
    anchor.current = { row: first, counts };
  }, [layout, follow, virtualizer]);

  // Fetch the pages in view once the view settles.
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items.at(-1)?.index ?? 0;
  useEffect(() => {
    const timer = setTimeout(() => source.ensure(layout.pagesBetween(firstRow, lastRow)), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [source, layout, firstRow, lastRow]);

  // Scroll to the current search match.
  useEffect(() => {
    if (current !== undefined) virtualizer.scrollToIndex(current.row, { align: 'center' });
  }, [current, virtualizer]);

  const onScroll = () => {
    const element = scroller.current;
    if (element === null) return;
    const top = element.scrollTop;
    const { ours, lastTop } = marks.current;
    const mine = ours !== undefined && Math.abs(top - ours) < 2;
    if (!mine && top < lastTop - 1) onScrollUp();
    marks.current = { ours: undefined, lastTop: top };
    const first = virtualizer.getVirtualItemForOffset(top)?.index ?? 0;
    anchor.current = { row: first, counts: layout.pages.map((page) => page.count) };
  };

  return (
    <div
      ref={scroller}
      className={`log-scroll${wrap ? ' log-wrap' : ''}`}
      role="log"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard once focused.
      tabIndex={0}
      onScroll={onScroll}
    >
      <div className="log-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const place = layout.locate(item.index);
          const line = place === undefined ? undefined : source.linesOf(place.page)?.[place.index];
          const first = place === undefined ? undefined : layout.firstLineNumbers[place.page];
          const number =
            line === undefined || first === undefined || place === undefined
              ? undefined
              : first + place.index;
          return (
            <div
              key={item.key}
              ref={wrap ? virtualizer.measureElement : undefined}
              data-index={item.index}
              className="log-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <span
                className="log-no"
                title={
                  line === undefined
                    ? undefined
                    : number === undefined
                      ? `byte ${line.offset}`
                      : `line ${number}`
                }
              >
                {line === undefined ? '' : number === undefined ? `@${line.offset}` : number}
              </span>
              {line === undefined ? (
                <span className="log-text log-pending">…</span>
              ) : (
                <span className="log-text" data-line={number}>
                  <AnsiText
                    text={line.text}
                    highlight={
                      query === ''
                        ? undefined
                        : { query, current: current?.row === item.index ? current.start : undefined }
                    }
                  />
                  {line.cut && <span className="log-cut"> … (line continues)</span>}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The scroll position the viewer itself set last (to tell it from the person's scrolling), and the last seen. */
interface ScrollMarks {
  ours: number | undefined;
  lastTop: number;
}

function setTop(element: HTMLElement, marks: ScrollMarks, top: number): void {
  element.scrollTop = top;
  marks.ours = element.scrollTop;
  marks.lastTop = element.scrollTop;
}

function rowKey(source: LogSource, layout: LogLayout, index: number): string {
  const place = layout.locate(index);
  if (place === undefined) return `r${index}`;
  const line = source.linesOf(place.page)?.[place.index];
  return line === undefined ? `p${place.page}.${place.index}` : `l${line.offset}`;
}
