import { configKeys } from './config-keys.js';
import type { ConfigMask } from './config-schema.js';
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

/** Every leaf key of a loaded configuration with its value and source, in schema order. */
export function configEntries(loaded: LoadedConfig): ConfigEntryView[] {
  return configKeys().map((key) => ({
    key: key.path,
    value: valueAt(loaded.config, key.segments),
    source: loaded.sources.get(key.path) ?? 'default',
    mask: key.meta.mask,
  }));
}

/** Render the effective configuration for `skiff config`, secrets masked. */
export function formatConfig(loaded: LoadedConfig, options: FormatConfigOptions = {}): string {
  return formatEntries(configEntries(loaded), options);
}

/** Render rows as an aligned key/value/source table or as JSON, masking each value per its `mask`. */
export function formatEntries(
  entries: readonly ConfigEntryView[],
  options: FormatConfigOptions = {},
): string {
  const masked = entries.map((entry) => ({ ...entry, value: maskValue(entry.value, entry.mask) }));
  if (options.json) {
    const object = Object.fromEntries(
      masked.map((entry) => [entry.key, { value: entry.value ?? null, source: entry.source }]),
    );
    return `${JSON.stringify(object, null, 2)}\n`;
  }
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

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
