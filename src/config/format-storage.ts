import { scopeOf } from './match-provider.js';
import { fieldText, maskedProvider } from './provider-text.js';
import { type ConfigConflict, PROVIDER_FIELDS, type ResolvedStorage } from './storage-types.js';

/** The storage view for JSON output: providers in match order and conflicts, secrets masked. */
export function storageJson(storage: ResolvedStorage): {
  providers: ResolvedStorage['providers'];
  conflicts: readonly ConfigConflict[];
} {
  return { providers: storage.providers.map(maskedProvider), conflicts: storage.conflicts };
}

/**
 * The storage view as text for `skiff config`: each provider in match order with each set
 * field, its value (secrets masked) and its source; then the conflicts.
 */
export function formatStorage(storage: ResolvedStorage): string {
  const lines = ['', 'STORAGE PROVIDERS (first match by scheme, bucket, key prefix wins)'];
  if (storage.providers.length === 0) {
    lines.push('  none: s3:// and minio:// pipeline roots need storage.providers (file:// roots need none)');
  }
  for (const [index, provider] of storage.providers.entries()) {
    lines.push(`[${index}] ${scopeOf(provider)}  from ${provider.source}`);
    const rows = PROVIDER_FIELDS.flatMap((field) => {
      const value = fieldText(provider, field);
      if (value === undefined) return [];
      return [[field, value, provider.fieldSources[field] ?? provider.source] as const];
    });
    if (!provider.credentials) rows.push(['credentials', '(none)', provider.source]);
    const fieldWidth = Math.max(...rows.map((row) => row[0].length));
    const valueWidth = Math.max(...rows.map((row) => row[1].length));
    for (const [field, value, source] of rows) {
      lines.push(`    ${field.padEnd(fieldWidth)}  ${value.padEnd(valueWidth)}  ${source}`);
    }
    if (!provider.credentials) {
      lines.push(`    why no credentials: ${provider.credentialsNote ?? 'none are configured'}`);
    }
  }
  if (storage.conflicts.length > 0) {
    lines.push('', 'CONFLICTS (inputs of one layer that disagree; the first is used)');
    for (const conflict of storage.conflicts) {
      lines.push(conflict.key);
      for (const [index, item] of conflict.values.entries()) {
        lines.push(`    ${JSON.stringify(item.value)}  ${item.source}${index === 0 ? '  (used)' : ''}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
