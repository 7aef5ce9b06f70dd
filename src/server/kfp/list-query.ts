import { SkiffError } from '../../errors/index.js';
import { own } from '../../ir/index.js';
import type { ListPage, ListPredicate, ListQuery } from '../../metadata/index.js';
import { parseKfpFilter } from './list-filter.js';
import type { KfpListResource } from './list-resource.js';
import type { PageTokens } from './page-token.js';

/** Page size when a list request gives none (KFP's default). */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest page a list request may ask for. */
export const MAX_PAGE_SIZE = 1000;

/** A parsed KFP list request: the store query, and the key its page tokens are bound to. */
export interface KfpListRequest<F extends string> {
  readonly query: ListQuery<F>;
  readonly listKey: string;
}

/**
 * Parses KFP's list parameters (`filter`, `sort_by`, `page_size`, `page_token`) from a request's
 * query string for `resource`. `fixed` predicates (e.g. a pipeline id from the path) are added and
 * bound into page tokens. Throws SKIFF_API_BAD_FILTER, SKIFF_API_BAD_PAGE_TOKEN or SKIFF_API_BAD_REQUEST.
 */
export function parseKfpListRequest<F extends string>(
  params: unknown,
  resource: KfpListResource<F>,
  tokens: PageTokens,
  fixed: readonly ListPredicate<F>[] = [],
): KfpListRequest<F> {
  const query = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const predicates = [...fixed, ...parseKfpFilter(single(query, 'filter'), resource)];
  const sort = parseSortBy(single(query, 'sort_by'), resource);
  const limit = parsePageSize(single(query, 'page_size'));
  const listKey = JSON.stringify([resource.name, predicates, sort]);
  const token = single(query, 'page_token');
  const after = token === undefined || token === '' ? undefined : tokens.read(token, listKey);
  return {
    query: after === undefined ? { predicates, sort, limit } : { predicates, sort, limit, after },
    listKey,
  };
}

/** `total_size` and `next_page_token` of a list answer (KFP omits the token on the last page). */
export function kfpListFields(
  page: ListPage<unknown>,
  request: KfpListRequest<string>,
  tokens: PageTokens,
): { total_size: number; next_page_token?: string } {
  if (page.next === undefined) return { total_size: page.totalSize };
  return { total_size: page.totalSize, next_page_token: tokens.issue(page.next, request.listKey) };
}

/** Parses `sort_by` ("created_at desc", "name", "name asc") against the resource's keys. */
export function parseSortBy<F extends string>(
  text: string | undefined,
  resource: KfpListResource<F>,
): ListQuery<F>['sort'] {
  if (text === undefined || text.trim() === '') return resource.defaultSort;
  const [key, direction, ...rest] = text.trim().split(/\s+/);
  const spec = key === undefined ? undefined : own(resource.fields, key);
  const dir = direction?.toLowerCase();
  if (
    spec === undefined ||
    spec.unsortable ||
    rest.length > 0 ||
    (dir !== undefined && dir !== 'asc' && dir !== 'desc')
  ) {
    const keys = Object.entries(resource.fields)
      .filter(([, field]) => !field.unsortable)
      .map(([name]) => name)
      .join(', ');
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `sort_by "${text}" is not "<key>" or "<key> desc" with a key ${resource.name} can be sorted by (${keys})`,
    );
  }
  return { field: spec.field, descending: dir === 'desc' };
}

/** Parses `page_size`: a whole number 1..1000, DEFAULT_PAGE_SIZE when absent or 0. */
export function parsePageSize(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PAGE_SIZE;
  const size = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(size) || size > MAX_PAGE_SIZE) {
    throw new SkiffError(
      'SKIFF_API_BAD_REQUEST',
      `page_size "${text}" is not a whole number from 0 to ${MAX_PAGE_SIZE}`,
      { fix: `Ask for at most ${MAX_PAGE_SIZE} items per page and follow next_page_token.` },
    );
  }
  return size === 0 ? DEFAULT_PAGE_SIZE : size;
}

/** One query-string parameter as text; SKIFF_API_BAD_REQUEST when it is repeated. */
export function single(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new SkiffError('SKIFF_API_BAD_REQUEST', `query parameter ${name} is given more than once`);
  }
  return value;
}
