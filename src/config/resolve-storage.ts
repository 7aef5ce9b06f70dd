import { resolve } from 'node:path';
import { type ProviderContext, providerFromInput } from './build-provider.js';
import type { LayerEntry } from './config-layers.js';
import { expandHome } from './home-paths.js';
import { readKfpLauncher } from './kfp-launcher.js';
import { conflictWarning, providerConflicts, valueConflict } from './storage-conflicts.js';
import { providersFromEnvAliases } from './storage-env-aliases.js';
import type { ProviderInput } from './storage-schema.js';
import type { ConfigConflict, ResolvedStorage, StorageProvider } from './storage-types.js';

/** One layer's own values; `aliases` marks the environment layer, where KFP/AWS variables are read. */
export interface StorageLayerInput {
  readonly entries: readonly LayerEntry[];
  readonly aliases?: boolean;
}

/** The storage view, and each layer's entries with its kfp-launcher pipeline roots added below its own. */
export interface StorageResolution {
  readonly storage: ResolvedStorage;
  /** Per layer (same order as given): entries to resolve, the winner of a key path last. */
  readonly layers: readonly (readonly LayerEntry[])[];
  readonly warnings: readonly string[];
}

/**
 * Resolve storage over layers given lowest first (file, env, flags). Match order: higher layer
 * first; within a layer Skiff's storage.providers, then its kfp-launcher ConfigMap, then aliases
 * (OBJECTSTORECONFIG_*, MINIO_*, AWS_*). Disagreeing inputs of one layer become conflicts, and so
 * do disagreeing KFP inputs (ConfigMaps and KFP/AWS variables) of different layers.
 */
export async function resolveStorage(
  layers: readonly StorageLayerInput[],
  context: ProviderContext,
): Promise<StorageResolution> {
  const resolved = [];
  for (const layer of layers) resolved.push(await resolveLayer(layer, context));
  const providers = resolved.toReversed().flatMap((layer) => layer.providers);
  const conflicts = resolved.toReversed().flatMap((layer) => layer.conflicts);
  // KFP's own inputs (ConfigMaps, MINIO_*, OBJECTSTORECONFIG_*, AWS_*) describe one deployment: when
  // they disagree it is reported even across layers, as that is how KFP's silent fallback starts.
  for (const conflict of providerConflicts(resolved.toReversed().flatMap((layer) => layer.kfpProviders)))
    mergeConflict(conflicts, conflict);
  const storage: ResolvedStorage = Object.freeze({
    providers: Object.freeze(providers),
    conflicts: Object.freeze(conflicts.map((conflict) => Object.freeze(conflict))),
  });
  return {
    storage,
    layers: resolved.map((layer) => layer.entries),
    warnings: [
      ...resolved.flatMap((layer) => layer.warnings),
      ...storage.conflicts.map((conflict) => conflictWarning(conflict)),
    ],
  };
}

async function resolveLayer(layer: StorageLayerInput, context: ProviderContext) {
  const named = layer.entries.find((entry) => entry.path === 'storage.kfpLauncherConfigMap');
  const configMap =
    named && typeof named.value === 'string'
      ? await readKfpLauncher(
          resolve(context.cwd, expandHome(named.value, context.homeDir)),
          named.source,
          context,
        )
      : undefined;
  const aliases = layer.aliases ? providersFromEnvAliases(context) : undefined;
  const providers: StorageProvider[] = [
    ...ownProviders(layer.entries, context),
    ...(configMap?.providers ?? []),
    ...(aliases?.providers ?? []),
  ];
  const own = layer.entries.find((entry) => entry.path === 'pipelineRoot');
  const roots = [
    ...(own ? [{ value: String(own.value), source: own.source }] : []),
    ...(configMap?.pipelineRoots ?? []),
  ];
  const conflicts: ConfigConflict[] = [
    ...[valueConflict('pipelineRoot', roots)].filter((conflict) => conflict !== undefined),
    ...providerConflicts(providers),
  ];
  // The winner of a key path is its last entry: the ConfigMap's roots go below the layer's own, lowest first.
  const rootEntries = (configMap?.pipelineRoots ?? [])
    .toReversed()
    .map((root) => ({ path: 'pipelineRoot', value: root.value, source: root.source }));
  return {
    providers,
    kfpProviders: [...(configMap?.providers ?? []), ...(aliases?.providers ?? [])],
    conflicts,
    entries: [...rootEntries, ...layer.entries],
    warnings: [...(configMap?.warnings ?? []), ...(aliases?.warnings ?? [])],
  };
}

function ownProviders(entries: readonly LayerEntry[], context: ProviderContext): StorageProvider[] {
  const entry = entries.find((item) => item.path === 'storage.providers');
  if (!entry || !Array.isArray(entry.value)) return [];
  return (entry.value as ProviderInput[]).map((input, index) =>
    providerFromInput(input, `${entry.source}#storage.providers[${index}]`, context),
  );
}

/** Add `conflict` unless one with the same key already lists all its values; it replaces one whose values it covers. */
function mergeConflict(conflicts: ConfigConflict[], conflict: ConfigConflict): void {
  const text = (values: ConfigConflict['values']) => values.map((item) => `${item.value}\0${item.source}`);
  const covers = (a: ConfigConflict, b: ConfigConflict) =>
    text(b.values).every((v) => text(a.values).includes(v));
  const index = conflicts.findIndex(
    (existing) => existing.key === conflict.key && (covers(existing, conflict) || covers(conflict, existing)),
  );
  if (index < 0) conflicts.push(conflict);
  else if (covers(conflict, conflicts[index]!)) conflicts[index] = conflict;
}
