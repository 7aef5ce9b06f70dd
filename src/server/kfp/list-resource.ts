/** What a listable field holds, which decides the filter values it accepts. */
export type KfpFieldKind = 'string' | 'int' | 'timestamp' | 'bool';

/** One API filter/sort key of a resource: the store field it maps to and its kind. */
export interface KfpListField<F extends string> {
  readonly field: F;
  readonly kind: KfpFieldKind;
  /** For enum-like strings: maps an accepted spelling to the stored value, undefined when not allowed. */
  readonly normalize?: (value: string) => string | undefined;
  /** True for nullable fields: filterable, but keyset pages cannot sort by them. */
  readonly unsortable?: boolean;
}

/**
 * A listable KFP resource: its name (in messages and page tokens), its API keys (snake_case, as
 * KFP's `filter` and `sort_by` name them) and its default sort.
 */
export interface KfpListResource<F extends string> {
  readonly name: string;
  readonly fields: Readonly<Record<string, KfpListField<F>>>;
  readonly defaultSort: { readonly field: F; readonly descending: boolean };
}

/** Builds an enum normalizer: accepts each value, and each with KFP v1's prefix (e.g. STORAGESTATE_ARCHIVED). */
export function enumValues(values: readonly string[], v1Prefix = ''): (value: string) => string | undefined {
  return (value) => {
    const upper = value.toUpperCase();
    const bare = v1Prefix !== '' && upper.startsWith(v1Prefix) ? upper.slice(v1Prefix.length) : upper;
    return values.includes(bare) ? bare : undefined;
  };
}
