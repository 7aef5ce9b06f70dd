// What the pipelines list asks the server for, read from the page's location (`#/pipelines?name=x&sort=name`).

/** The sort orders the list offers, as KFP's `sort_by` values. */
export const SORTS = [
  { id: 'created_at desc', label: 'Newest first' },
  { id: 'created_at', label: 'Oldest first' },
  { id: 'name', label: 'Name A–Z' },
  { id: 'name desc', label: 'Name Z–A' },
] as const;

export type SortId = (typeof SORTS)[number]['id'];

/** Page sizes offered; the first is the default. */
export const PAGE_SIZES = [20, 50, 100] as const;

/** The list's settings as they are kept in the location's query. */
export interface ListParams {
  /** Text the pipeline names must contain; '' for all. */
  readonly name: string;
  readonly sort: SortId;
  readonly pageSize: number;
}

/** Settings from the query (`name`, `sort`, `size`); unknown values fall back to the defaults. */
export function readListParams(query: URLSearchParams): ListParams {
  const sort = SORTS.find((entry) => entry.id === query.get('sort'))?.id ?? SORTS[0].id;
  const size = Number(query.get('size'));
  const pageSize = PAGE_SIZES.find((entry) => entry === size) ?? PAGE_SIZES[0];
  return { name: query.get('name')?.trim() ?? '', sort, pageSize };
}

/** KFP's filter JSON for names containing `text` (IS_SUBSTRING), or undefined for no filter. */
export function nameFilter(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  return JSON.stringify({ predicates: [{ key: 'name', operation: 'IS_SUBSTRING', string_value: value }] });
}

/** "21–40 of 45" for page `index` (0-based) showing `count` rows. */
export function rangeText(index: number, pageSize: number, count: number, total: number | undefined): string {
  if (count === 0) return total === undefined || total === 0 ? 'No pipelines' : `none of ${total}`;
  const first = index * pageSize + 1;
  const last = first + count - 1;
  return total === undefined ? `${first}–${last}` : `${first}–${last} of ${total}`;
}
