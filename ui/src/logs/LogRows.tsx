import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { formatBytes } from '../format/bytes';
import { LogLineRow } from './LogLineRow';
import type { LogLayout } from './log-layout';
import type { LogSource } from './log-source';

/** Height of one unwrapped row, in pixels (the CSS line height of .log-row). */
export const ROW_PX = 18;
/** The tallest list: pages not read are made shorter beyond it (see LogLayout.heights). */
const MAX_HEIGHT_PX = 15_000_000;
/** How long the view must rest before the pages in it are fetched (a dragged scrollbar passes many). */
const SETTLE_MS = 120;

/** What LogRows draws: the source and its layout, and how (wrap, follow, search). */
export interface LogRowsProps {
  readonly source: LogSource;
  readonly layout: LogLayout;
  readonly wrap: boolean;
  /** Keep the end in view as the log grows. */
  readonly follow: boolean;
  /** The person scrolled up: following stops. */
  readonly onScrollUp: () => void;
  readonly query: string;
  /** The current search match: its item and start in the line's text. */
  readonly current: { readonly row: number; readonly start: number } | undefined;
  readonly label: string;
}

/**
 * The log's lines, virtualized: only the items in view (and a few more) are in the DOM. A page not
 * read yet is one placeholder as tall as its estimated lines, fetched once the view rests on it.
 * When a page above the view is read and its height changes, the view moves by the difference so
 * that what is shown stays in place.
 */
export function LogRows({ source, layout, wrap, follow, onScrollUp, query, current, label }: LogRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // A new key function with each layout makes the virtualizer take every item's height afresh; keys
  // are byte offsets of lines and negative page numbers of placeholders, so a wrapped line keeps
  // its measured height when pages above it are read.
  const getItemKey = useMemo(() => (item: number) => itemKey(source, layout, item), [source, layout]);
  const heights = useMemo(() => layout.heights(ROW_PX, MAX_HEIGHT_PX), [layout]);
  const virtualizer = useVirtualizer({
    count: layout.total,
    getScrollElement: () => scroller.current,
    estimateSize: (item) => {
      const place = layout.locate(item);
      return place === undefined || layout.pages[place.page]!.known
        ? ROW_PX
        : (heights[place.page] ?? ROW_PX);
    },
    getItemKey,
    overscan: 15,
  });
  const marks = useRef<ScrollMarks>({ ours: undefined, lastTop: 0, inputAt: -Infinity });
  const onInput = () => {
    marks.current.inputAt = performance.now();
  };
  const anchor = useRef<{ top: number; heights: readonly number[] } | undefined>(undefined);
  const atStart = useRef(true);

  // Keep the view in place when pages above it changed height, or follow the end.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null || layout.total === 0) return;
    if (follow || atStart.current) {
      atStart.current = false;
      setTop(element, marks.current, element.scrollHeight);
    } else if (anchor.current !== undefined) {
      const before = anchor.current.heights;
      let delta = 0;
      let start = 0;
      for (let page = 0; page < before.length && start < anchor.current.top; page++) {
        delta += (heights[page] ?? 0) - before[page]!;
        start += before[page]!;
      }
      if (delta !== 0) setTop(element, marks.current, element.scrollTop + delta);
    }
    anchor.current = { top: element.scrollTop, heights };
  }, [layout, heights, follow]);

  // Fetch the pages in view (not those of the overscan) once the view rests.
  const first = virtualizer.range?.startIndex ?? 0;
  const last = virtualizer.range?.endIndex ?? 0;
  useEffect(() => {
    const timer = setTimeout(() => source.ensure(layout.pagesBetween(first, last)), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [source, layout, first, last]);

  // Scroll to the current search match.
  useEffect(() => {
    if (current !== undefined) virtualizer.scrollToIndex(current.row, { align: 'center' });
  }, [current, virtualizer]);

  const onScroll = () => {
    const element = scroller.current;
    if (element === null) return;
    const top = element.scrollTop;
    const { ours, lastTop, inputAt } = marks.current;
    // Only the person's own scrolling (wheel, keys, touch, the scrollbar) stops following; the view
    // also moves when the list's height changes or the viewer itself scrolls.
    const mine = ours !== undefined && Math.abs(top - ours) < 2;
    if (!mine && top < lastTop - 1 && performance.now() - inputAt < USER_INPUT_MS) onScrollUp();
    marks.current = { ours: undefined, lastTop: top, inputAt };
    anchor.current = { top, heights };
  };

  // The ANSI style at the start of each line, looked up once per page in this render.
  const stylesInView = new Map<number, readonly string[] | undefined>();
  const carryOf = (page: number, index: number): string => {
    if (!stylesInView.has(page)) stylesInView.set(page, source.stylesOf(page));
    return stylesInView.get(page)?.[index] ?? '';
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
      onWheel={onInput}
      onKeyDown={onInput}
      onPointerDown={onInput}
      onTouchMove={onInput}
    >
      <div className="log-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const place = layout.locate(item.index);
          if (place === undefined) return null;
          const line = source.linesOf(place.page)?.[place.index];
          const style = { transform: `translateY(${item.start}px)` };
          if (line === undefined || !layout.pages[place.page]!.known) {
            const [from, to] = source.pageRange(place.page);
            return (
              <div key={item.key} className="log-row log-placeholder" style={{ ...style, height: item.size }}>
                <span className="log-no" />
                <span className="log-text log-pending">
                  … bytes {formatBytes(from)}–{formatBytes(to)}, read when shown
                </span>
              </div>
            );
          }
          const firstNumber = layout.firstLineNumbers[place.page];
          return (
            <LogLineRow
              key={item.key}
              index={item.index}
              measure={wrap ? virtualizer.measureElement : undefined}
              style={style}
              line={line}
              carry={carryOf(place.page, place.index)}
              number={firstNumber === undefined ? undefined : firstNumber + place.index}
              query={query}
              current={current?.row === item.index ? current.start : undefined}
            />
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
  /** When the person last used the wheel, a key, a pointer or touch on the log (performance.now()). */
  inputAt: number;
}

/** A scroll this soon after the person's input is theirs. */
const USER_INPUT_MS = 600;

function setTop(element: HTMLElement, marks: ScrollMarks, top: number): void {
  element.scrollTop = top;
  marks.ours = element.scrollTop;
  marks.lastTop = element.scrollTop;
}

function itemKey(source: LogSource, layout: LogLayout, item: number): number {
  const place = layout.locate(item);
  if (place === undefined) return item;
  const line = layout.pages[place.page]!.known ? source.linesOf(place.page)?.[place.index] : undefined;
  return line === undefined ? -1 - place.page : line.offset;
}
