import { configKeys } from './config-keys.js';
import type { ConfigMask } from './config-schema.js';
import { formatStorage, storageJson } from './format-storage.js';
import type { LoadedConfig } from './load-config.js';
import { maskValue } from './mask.js';
import { valueAt } from './tree-paths.js';

/** One row of `skiff config`: a key, its effective value, its source, and how to mask it. */
export interface ConfigEntryView {
  readonly key: string;
  readonly value: unknown;
  readonly source: string;
  readonly mask?: ConfigMask | undefined;
}

/** Output options of formatConfig. */
export interface FormatConfigOptions {
  /** Print JSON `{ "<key>": { "value": ..., "source": ... } }` instead of a table. */
  readonly json?: boolean;
}

/**
 * Every leaf key of a loaded configuration with its value and source, in schema order; storage
 * providers are shown through `loaded.storage` instead.
 */
export function configEntries(loaded: LoadedConfig): ConfigEntryView[] {
  return configKeys()
    .filter((key) => key.path !== 'storage.providers')
    .map((key) => ({
      key: key.path,
      value: valueAt(loaded.config, key.segments),
      source: loaded.sources.get(key.path) ?? 'default',
      mask: key.meta.mask,
    }));
}

/**
 * Render the effective configuration for `skiff config`, secrets masked: the keys, then the storage
 * providers and conflicts (JSON: `{ "<key>": { value, source }, ..., "storage": { providers, conflicts } }`).
 */
export function formatConfig(loaded: LoadedConfig, options: FormatConfigOptions = {}): string {
  const entries = configEntries(loaded);
  if (!options.json) return formatEntries(entries, options) + formatStorage(loaded.storage);
  return `${JSON.stringify({ ...entriesObject(entries), storage: storageJson(loaded.storage) }, null, 2)}\n`;
}

/** Render rows as an aligned key/value/source table or as JSON, masking each value per its `mask`. */
export function formatEntries(
  entries: readonly ConfigEntryView[],
  options: FormatConfigOptions = {},
): string {
  if (options.json) return `${JSON.stringify(entriesObject(entries), null, 2)}\n`;
  const masked = entries.map((entry) => ({ ...entry, value: maskValue(entry.value, entry.mask) }));
  const rows = [
    ['KEY', 'VALUE', 'SOURCE'],
    ...masked.map((entry) => [entry.key, show(entry.value), entry.source]),
  ];
  const keyWidth = Math.max(...rows.map((row) => row[0]!.length));
  const valueWidth = Math.max(...rows.map((row) => row[1]!.length));
  return rows
    .map(([key, value, source]) => `${key!.padEnd(keyWidth)}  ${value!.padEnd(valueWidth)}  ${source}`)
    .join('\n')
    .concat('\n');
}

/** `{ "<key>": { value, source } }` with values masked and unset ones null. */
function entriesObject(
  entries: readonly ConfigEntryView[],
): Record<string, { value: unknown; source: string }> {
  return Object.fromEntries(
    entries.map((entry) => [
      entry.key,
      { value: maskValue(entry.value, entry.mask) ?? null, source: entry.source },
    ]),
  );
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
