import { scopeOf } from './match-provider.js';
import { fieldIdentity, fieldText } from './provider-text.js';
import type { ConfigConflict, ProviderField, StorageProvider } from './storage-types.js';

const COMPARED: readonly ProviderField[] = ['endpoint', 'secure', 'region', 'forcePathStyle', 'credentials'];

/** A value set by one input of a layer, with its source; the first of a list is the one used. */
export interface SourcedValue {
  readonly value: string;
  readonly source: string;
}

/** A conflict when one layer's inputs set `key` to different values (`values` in priority order). */
export function valueConflict(key: string, values: readonly SourcedValue[]): ConfigConflict | undefined {
  const distinct = new Set(values.map((item) => item.value));
  return distinct.size > 1 ? { key, values } : undefined;
}

/**
 * Conflicts among the providers of one layer (in match order): providers of the same scope
 * (scheme, bucket, key prefix) that set endpoint, secure, region, path style or credentials differently.
 */
export function providerConflicts(providers: readonly StorageProvider[]): ConfigConflict[] {
  const byScope = new Map<string, StorageProvider[]>();
  for (const provider of providers) {
    const scope = scopeOf(provider);
    byScope.set(scope, [...(byScope.get(scope) ?? []), provider]);
  }
  const conflicts: ConfigConflict[] = [];
  for (const [scope, group] of byScope) {
    if (group.length < 2) continue;
    for (const field of COMPARED) {
      const set = group.filter((provider) => fieldIdentity(provider, field) !== undefined);
      if (new Set(set.map((provider) => fieldIdentity(provider, field))).size < 2) continue;
      conflicts.push({
        key: `storage.providers[${scope}].${field}`,
        values: set.map((provider) => ({
          value: fieldText(provider, field)!,
          source: provider.fieldSources[field] ?? provider.source,
        })),
      });
    }
  }
  return conflicts;
}

/** A conflict as a warning line: both values, both sources, which one is used and the fix. */
export function conflictWarning(conflict: ConfigConflict): string {
  const [used, ...others] = conflict.values;
  const rest = others.map((item) => `${JSON.stringify(item.value)} from ${item.source}`).join(' and ');
  return `${conflict.key} is set differently by inputs of one layer: ${JSON.stringify(used?.value)} from ${used?.source} (used) and ${rest}; make them agree or remove one`;
}
