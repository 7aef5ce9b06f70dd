/** How many rows one page of a log takes: its lines when read, else an estimate. */
export interface PageRows {
  readonly count: number;
  /** True when `count` is the page's real number of lines. */
  readonly known: boolean;
}

/** Where a row is: its page and its index among the page's rows. */
export interface RowPlace {
  readonly page: number;
  readonly index: number;
}

/**
 * The rows of a log laid out page after page: the first row of each page, the total, and the line
 * number of each page's first line, known only when every page before it has been read (lines are
 * counted, never guessed).
 */
export class LogLayout {
  readonly starts: readonly number[];
  readonly total: number;
  readonly firstLineNumbers: readonly (number | undefined)[];
  readonly pages: readonly PageRows[];

  constructor(pages: readonly PageRows[]) {
    this.pages = pages;
    const starts: number[] = [];
    const numbers: (number | undefined)[] = [];
    let row = 0;
    let line: number | undefined = 1;
    for (const page of pages) {
      starts.push(row);
      numbers.push(line);
      row += page.count;
      line = line !== undefined && page.known ? line + page.count : undefined;
    }
    this.starts = starts;
    this.total = row;
    this.firstLineNumbers = numbers;
  }

  /** The page and index of `row` (clamped to the layout), or undefined for an empty layout. */
  locate(row: number): RowPlace | undefined {
    if (this.total === 0) return undefined;
    const target = Math.min(Math.max(0, row), this.total - 1);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= target) low = mid;
      else high = mid - 1;
    }
    // Pages of zero rows share a start: the last of them holding `target` is the right one.
    return { page: low, index: target - this.starts[low]! };
  }

  /** Pages holding rows first..last (inclusive). */
  pagesBetween(first: number, last: number): number[] {
    const from = this.locate(first);
    const to = this.locate(last);
    if (from === undefined || to === undefined) return [];
    const pages: number[] = [];
    for (let page = from.page; page <= to.page; page++) if (this.pages[page]!.count > 0) pages.push(page);
    return pages;
  }
}
