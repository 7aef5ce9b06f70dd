import type { ConfigLocationsAnswer } from '../../api/settings-api';

/** Where a value came from, as the settings page shows it: a kind and the detail (file:line, variable, flag). */
export interface SourceView {
  readonly kind: 'default' | 'file' | 'env' | 'flag' | 'kfp-launcher' | 'run' | 'other';
  readonly label: string;
  readonly detail: string;
}

/** The mask the server puts in place of a secret (src/config/mask.ts). */
const MASKED = '****';

/**
 * Read a source string of `GET /config` (`default`, `default (from home)`, `file:/x/skiff.yaml`,
 * `file:/x/skiff.yaml#storage.providers[0].endpoint`, `env:NAME`, `flag:--port`,
 * `kfp-launcher:/x/cm.yaml#PIPELINE_ROOT`, `run:<id>`), with the line from `locations` when known;
 * `key` is the value's key (for sources that do not name their path).
 */
export function describeSource(
  source: string,
  key: string | undefined,
  locations: ConfigLocationsAnswer['locations'],
): SourceView {
  if (source === 'default' || source.startsWith('default ')) {
    return {
      kind: 'default',
      label: 'default',
      detail: source
        .slice('default'.length)
        .trim()
        .replace(/^\((.*)\)$/, '$1'),
    };
  }
  const file = /^(file|kfp-launcher):([^#]+)(?:#(.+))?$/.exec(source);
  if (file !== null) {
    const path = file[3] ?? key;
    const location = path === undefined ? undefined : locations[`${file[1]}:${file[2]}#${path}`];
    const where = location === undefined ? file[2]! : `${location.file}:${location.line}`;
    const kfp = file[1] === 'kfp-launcher';
    const shown = file[3] === undefined ? '' : ` (${file[3]})`;
    return kfp
      ? { kind: 'kfp-launcher', label: 'kfp-launcher ConfigMap', detail: `${where}${shown}` }
      : { kind: 'file', label: 'config file', detail: `${where}${shown}` };
  }
  const colon = source.indexOf(':');
  const prefix = colon < 0 ? '' : source.slice(0, colon);
  const rest = source.slice(colon + 1);
  if (prefix === 'env') return { kind: 'env', label: 'environment variable', detail: rest };
  if (prefix === 'flag') return { kind: 'flag', label: 'flag', detail: rest };
  if (prefix === 'run') return { kind: 'run', label: 'run', detail: rest };
  return { kind: 'other', label: source, detail: '' };
}

/** A value as text: unset as `–`, lists and maps as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** True for a value the server masked (`****`, or an access key cut to its first characters). */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && (value.includes(MASKED) || /^[A-Za-z0-9]{4}…$/.test(value));
}

/** The group a key is shown in: its first segment; top-level keys are `general`. */
export function groupOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? 'general' : key.slice(0, dot);
}
