import type { LogRangeAnswer } from '../api/logs-api';
import { carriedStyles, PLAIN, type SgrState } from './ansi-carry';
import { LogLayout, type PageRows } from './log-layout';
import { type LogLine, pageLines } from './log-lines';

/** Bytes per page: the log is read in pages of this size, only those shown (or searched). */
export const PAGE_BYTES = 256 * 1024;
/** Bytes read past a page's end to finish its last line; a longer line is shown cut. */
export const LINE_TAIL_BYTES = 64 * 1024;
/** Pages read at once. */
const MAX_IN_FLIGHT = 3;

/** Reads a range of the log (`bytes=a-b`, `bytes=-n`). */
export type ReadRange = (range: string, signal: AbortSignal) => Promise<LogRangeAnswer>;

interface PageState {
  readonly lines: readonly LogLine[] | undefined;
  readonly final: boolean;
  /** The log's size when the page was read: a page that is not final is read again once it grew. */
  readonly readAtSize: number;
  readonly loading: boolean;
}

/**
 * An attempt's log read page by page with HTTP Range: the end first (as `tail` does), then the
 * pages a viewer asks for. Pages not read take an estimated number of rows (from the lines per
 * byte of the first page read), so a 100 MB log scrolls as one list while only what is shown is
 * fetched. Listeners hear of every change; `version` counts them (for useSyncExternalStore).
 */
export class LogSource {
  size: number | undefined;
  error: unknown;
  /** Bytes fetched so far (every answer's body). */
  bytesFetched = 0;
  version = 0;
  private bytesPerLine = 80;
  private readonly pages = new Map<number, PageState>();
  private readonly listeners = new Set<() => void>();
  private controller = new AbortController();
  private wanted: number[] = [];
  private inFlight = 0;
  private cachedLayout: { version: number; layout: LogLayout } | undefined;
  /** Per page read: the ANSI style at the start of each line, for the lines and the style before them. */
  private readonly styles = new Map<
    number,
    { lines: readonly LogLine[]; before: SgrState; prefixes: readonly string[]; after: SgrState }
  >();

  constructor(private readonly read: ReadRange) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.version;

  /** Read the log's end (again, after stop()). */
  start(): void {
    this.controller = new AbortController();
    this.pages.clear();
    this.styles.clear();
    this.size = undefined;
    this.error = undefined;
    void this.readTail();
  }

  /** Stop every request. */
  stop(): void {
    this.controller.abort();
  }

  /** The rows of every page, read or estimated. */
  layout(): LogLayout {
    if (this.cachedLayout?.version === this.version) return this.cachedLayout.layout;
    const rows: PageRows[] = [];
    for (let page = 0; page < this.pageCount(); page++) {
      const state = this.pages.get(page);
      if (state?.lines !== undefined) rows.push({ count: state.lines.length, known: true });
      else
        rows.push({ count: Math.max(1, Math.ceil(this.pageLength(page) / this.bytesPerLine)), known: false });
    }
    const layout = new LogLayout(rows);
    this.cachedLayout = { version: this.version, layout };
    return layout;
  }

  /** The lines read of `page`, if any. */
  linesOf(page: number): readonly LogLine[] | undefined {
    return this.pages.get(page)?.lines;
  }

  /**
   * The ANSI style (an SGR sequence, empty when plain) in effect at the start of each line of a page
   * read: colours carry from line to line as in a terminal, through the pages read before it; after
   * a page not read, its next page starts plain.
   */
  stylesOf(page: number): readonly string[] | undefined {
    if (this.pages.get(page)?.lines === undefined) return undefined;
    let first = page;
    while (first > 0 && this.pages.get(first - 1)?.lines !== undefined) first--;
    let before = PLAIN;
    let prefixes: readonly string[] = [];
    for (let at = first; at <= page; at++) {
      const lines = this.pages.get(at)!.lines!;
      let cached = this.styles.get(at);
      if (cached === undefined || cached.lines !== lines || cached.before !== before) {
        const carried = carriedStyles(
          before,
          lines.map((line) => line.text),
        );
        cached = { lines, before, ...carried };
        this.styles.set(at, cached);
      }
      before = cached.after;
      prefixes = cached.prefixes;
    }
    return prefixes;
  }

  /** Every page read so far, in order, with its lines (for search). */
  loadedPages(): { readonly page: number; readonly lines: readonly LogLine[] }[] {
    return [...this.pages.entries()]
      .filter(
        (entry): entry is [number, PageState & { lines: readonly LogLine[] }] => entry[1].lines !== undefined,
      )
      .sort((a, b) => a[0] - b[0])
      .map(([page, state]) => ({ page, lines: state.lines }));
  }

  /** Bytes of the log held (pages read). */
  bytesLoaded(): number {
    let total = 0;
    for (const [page, state] of this.pages) if (state.lines !== undefined) total += this.pageLength(page);
    return total;
  }

  /** Byte range of `page`: [start, end). */
  pageRange(page: number): readonly [number, number] {
    const start = page * PAGE_BYTES;
    return [start, Math.min(start + PAGE_BYTES, this.size ?? 0)];
  }

  /** Read these pages (shown now) when not read yet, or read again when the log grew past them. */
  ensure(pages: readonly number[]): void {
    this.wanted = pages.filter((page) => this.needsRead(page));
    this.pump();
  }

  /** Ask whether the log grew (a live attempt); pages that may have changed are read again by ensure. */
  async poll(): Promise<void> {
    if (this.size === undefined) {
      // The end could not be read (the attempt had no log yet): try again.
      if (this.error === undefined) return;
      this.error = undefined;
      return this.readTail();
    }
    // An empty log answers every Range with 416 (which browsers log as an error): read its tail instead.
    if (this.size === 0) return this.readTail();
    try {
      const last = this.size - 1;
      const answer = await this.read(`bytes=${last}-${last}`, this.controller.signal);
      if (answer.kind === 'tail') return;
      if (answer.kind === 'bytes') this.bytesFetched += answer.bytes.length;
      if (answer.size !== this.size) {
        this.size = answer.size;
        this.changed();
      }
    } catch (error) {
      if (!this.controller.signal.aborted) this.fail(error);
    }
  }

  private pageCount(): number {
    return this.size === undefined ? 0 : Math.ceil(this.size / PAGE_BYTES);
  }

  private pageLength(page: number): number {
    const [start, end] = this.pageRange(page);
    return Math.max(0, end - start);
  }

  private needsRead(page: number): boolean {
    if (this.size === undefined || page < 0 || page >= this.pageCount()) return false;
    const state = this.pages.get(page);
    if (state === undefined) return true;
    return !state.loading && !state.final && state.readAtSize < this.size;
  }

  /**
   * The end of the log: its last page and one byte, with `tail_bytes` (one request for a log of one
   * page, an empty one included), then with a Range (which tells the size) when it is longer.
   */
  private async readTail(): Promise<void> {
    const want = PAGE_BYTES + 1;
    try {
      let answer = await this.read(`tail=${want}`, this.controller.signal);
      if (answer.kind === 'tail') {
        this.bytesFetched += answer.bytes.length;
        if (answer.bytes.length < want) {
          answer = { kind: 'bytes', bytes: answer.bytes, start: 0, size: answer.bytes.length };
        } else {
          answer = await this.read(`bytes=-${want}`, this.controller.signal);
          if (answer.kind !== 'past-end') this.bytesFetched += answer.bytes.length;
        }
      }
      const before = this.size;
      if (answer.kind !== 'bytes' || answer.size === 0) {
        this.size = answer.kind === 'past-end' ? answer.size : 0;
        // A log still empty, asked again while its attempt runs, changes nothing.
        if (before !== this.size) this.changed();
        return;
      }
      this.size = answer.size;
      const newlines = answer.bytes.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
      this.bytesPerLine = Math.max(1, Math.round(answer.bytes.length / Math.max(1, newlines)));
      this.store(this.pageCount() - 1, answer);
    } catch (error) {
      if (!this.controller.signal.aborted) this.fail(error);
    }
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT) {
      const page = this.wanted.shift();
      if (page === undefined) return;
      if (this.needsRead(page)) void this.readPage(page);
    }
  }

  private async readPage(page: number): Promise<void> {
    const size = this.size ?? 0;
    const [start, end] = this.pageRange(page);
    const from = Math.max(0, start - 1);
    const to = Math.min(end + LINE_TAIL_BYTES, size) - 1;
    const previous = this.pages.get(page);
    this.pages.set(page, {
      lines: previous?.lines,
      final: false,
      readAtSize: previous?.readAtSize ?? 0,
      loading: true,
    });
    this.inFlight++;
    try {
      const answer = await this.read(`bytes=${from}-${to}`, this.controller.signal);
      if (answer.kind === 'bytes') {
        this.bytesFetched += answer.bytes.length;
        if (answer.size > (this.size ?? 0)) this.size = answer.size;
        this.store(page, answer);
      } else {
        if (answer.kind === 'past-end') this.size = answer.size;
        this.pages.delete(page);
        this.changed();
      }
    } catch (error) {
      this.pages.delete(page);
      if (!this.controller.signal.aborted) this.fail(error);
    } finally {
      this.inFlight--;
      if (!this.controller.signal.aborted) this.pump();
    }
  }

  private store(page: number, answer: Extract<LogRangeAnswer, { kind: 'bytes' }>): void {
    const [start] = this.pageRange(page);
    const end = start + PAGE_BYTES;
    const { lines, final } = pageLines(answer.bytes, answer.start, start, end, answer.size);
    this.pages.set(page, { lines, final, readAtSize: answer.size, loading: false });
    this.changed();
  }

  private fail(error: unknown): void {
    this.error = error;
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
