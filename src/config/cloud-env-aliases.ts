import { SkiffError } from '../errors/index.js';
import type { LayerEntry } from './config-layers.js';
import { conflictWarning, valueConflict } from './storage-conflicts.js';
import type { AliasEnvVar } from './storage-env-vars.js';

/** KFP's and Google's variables that set `cloud.*` keys (Skiff's own SKIFF_CLOUD_* win over them). */
export const CLOUD_ALIAS_ENV_VARS: readonly AliasEnvVar[] = Object.freeze([
  {
    name: 'DISABLE_GKE_METADATA',
    feeds: 'cloud.metadata (true: off)',
    meaning:
      'KFP UI server: true (or 1) sets cloud.metadata to off, so the server makes no call to the GCE metadata server; false (or 0) leaves cloud.metadata as it is.',
  },
  {
    name: 'GCE_METADATA_HOST',
    feeds: 'cloud.metadataHost',
    meaning:
      "Google's client libraries: host[:port] of the GCE metadata server; sets cloud.metadataHost, and with cloud.metadata auto it counts as a hint that the server runs on Google Cloud.",
  },
]);

/** What the cloud aliases of the environment set, and conflicts with Skiff's own variables. */
export interface CloudAliasEntries {
  /** Alias entries, to be placed below Skiff's own entries of the same layer (the last entry wins). */
  readonly entries: LayerEntry[];
  readonly warnings: string[];
}

/**
 * Map DISABLE_GKE_METADATA=true to `cloud.metadata: off` and GCE_METADATA_HOST to `cloud.metadataHost`,
 * each with its own name as source; `own` are Skiff's entries of the same layer, compared for conflicts.
 */
export function cloudAliasEntries(
  env: Readonly<Record<string, string | undefined>>,
  own: readonly LayerEntry[],
): CloudAliasEntries {
  const entries: LayerEntry[] = [];
  const disable = env.DISABLE_GKE_METADATA;
  if (disable !== undefined && disable.trim() !== '' && parseFlag(disable, 'DISABLE_GKE_METADATA')) {
    entries.push({ path: 'cloud.metadata', value: 'off', source: 'env:DISABLE_GKE_METADATA' });
  }
  const host = env.GCE_METADATA_HOST?.trim();
  if (host) entries.push({ path: 'cloud.metadataHost', value: host, source: 'env:GCE_METADATA_HOST' });
  const warnings = entries.flatMap((alias) => {
    const mine = own.find((entry) => entry.path === alias.path);
    if (mine === undefined) return [];
    const conflict = valueConflict(alias.path, [sourced(mine), sourced(alias)]);
    return conflict ? [conflictWarning(conflict)] : [];
  });
  return { entries, warnings };
}

function sourced(entry: LayerEntry): { value: string; source: string } {
  return { value: String(entry.value), source: entry.source };
}

function parseFlag(text: string, name: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new SkiffError('SKIFF_CONFIG_INVALID', `env:${name} is "${text}": must be true or false`, {
    location: name,
    fix: `Set ${name} to true (no calls to the GCE metadata server) or false, or unset it.`,
  });
}
