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

  /** Rows that item `item` takes: 1 for a line, the estimate for a page not read. */
  rowsOf(item: number): number {
    const place = this.locate(item);
    if (place === undefined) return 1;
    const page = this.pages[place.page]!;
    return page.known ? 1 : page.count;
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
