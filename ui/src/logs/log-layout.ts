/** How many rows one page of a log takes: its lines when read, else an estimate. */
export interface PageRows {
  readonly count: number;
  /** True when `count` is the page's real number of lines. */
  readonly known: boolean;
}

/** Where an item of the list is: its page and, for a page read, the line's index in it. */
export interface ItemPlace {
  readonly page: number;
  readonly index: number;
}

/**
 * The items of a log's list, page after page: a page read gives one item per line, a page not read
 * one item as tall as its estimated rows, so that the list of a 100 MB log has a few thousand items
 * rather than millions. Also the line number of each page's first line, known only when every page
 * before it has been read (lines are counted, never guessed).
 */
export class LogLayout {
  /** The first item of each page. */
  readonly starts: readonly number[];
  /** Items in all. */
  readonly total: number;
  /** Rows in all (the list's height in rows). */
  readonly rows: number;
  readonly firstLineNumbers: readonly (number | undefined)[];
  readonly pages: readonly PageRows[];

  constructor(pages: readonly PageRows[]) {
    this.pages = pages;
    const starts: number[] = [];
    const numbers: (number | undefined)[] = [];
    let item = 0;
    let rows = 0;
    let line: number | undefined = 1;
    for (const page of pages) {
      starts.push(item);
      numbers.push(line);
      item += page.known ? page.count : 1;
      rows += page.count;
      line = line !== undefined && page.known ? line + page.count : undefined;
    }
    this.starts = starts;
    this.total = item;
    this.rows = rows;
    this.firstLineNumbers = numbers;
  }

  /**
   * The height in pixels of each page: its lines at `rowPx`, or its estimated rows for a page not
   * read, scaled down (to one row at least) when the whole would pass `maxPx`, since browsers cannot
   * lay out a taller element (about 16.7 million pixels in Firefox, 33.5 million in Chromium).
   */
  heights(rowPx: number, maxPx: number): number[] {
    let knownRows = 0;
    let guessedRows = 0;
    for (const page of this.pages) {
      if (page.known) knownRows += page.count;
      else guessedRows += page.count;
    }
    const room = maxPx - knownRows * rowPx;
    const scale = guessedRows === 0 ? 1 : Math.min(1, Math.max(0, room) / (guessedRows * rowPx));
    return this.pages.map((page) =>
      page.known ? page.count * rowPx : Math.max(rowPx, Math.floor(page.count * rowPx * scale)),
    );
  }

  /** The page and index of `item` (clamped to the layout), or undefined for an empty layout. */
  locate(item: number): ItemPlace | undefined {
    if (this.total === 0) return undefined;
    const target = Math.min(Math.max(0, item), this.total - 1);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= target) low = mid;
      else high = mid - 1;
    }
    // Pages of zero lines share a start with the next: the last page starting there holds the item.
    return { page: low, index: target - this.starts[low]! };
  }

  /** Pages holding items first..last (inclusive). */
  pagesBetween(first: number, last: number): number[] {
    const from = this.locate(first);
    const to = this.locate(last);
    if (from === undefined || to === undefined) return [];
    const pages: number[] = [];
    for (let page = from.page; page <= to.page; page++) if (this.pages[page]!.count > 0) pages.push(page);
    return pages;
  }
}
