/** A value a list predicate compares against: text, a number (epoch ms for times) or a boolean. */
export type ListScalar = string | number | boolean;

/** How a list predicate compares a field with its value; `substring` matches text containing it. */
export type ListOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'substring';

/** One condition on a field of a listed resource; `in` takes a list, every other operator a scalar. */
export interface ListPredicate<F extends string = string> {
  readonly field: F;
  readonly op: ListOperator;
  readonly value: ListScalar | readonly ListScalar[];
}

/** Where a page ends: the sort value and id of its last item (keyset pagination on (sort field, id)). */
export interface ListCursor {
  readonly sortValue: ListScalar;
  readonly id: string;
}

/** A typed list request: predicates (all must hold), one sort field, a page size and where to start. */
export interface ListQuery<F extends string = string> {
  readonly predicates: readonly ListPredicate<F>[];
  readonly sort: { readonly field: F; readonly descending: boolean };
  /** Page size: at most this many items. */
  readonly limit: number;
  /** Start after this item (the previous page's `next`); absent for the first page. */
  readonly after?: ListCursor;
}

/** One page of a list: its items, how many items match in all, and the cursor of the next page if any. */
export interface ListPage<T> {
  readonly items: T[];
  readonly totalSize: number;
  readonly next?: ListCursor;
}
