import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { readConfigFile } from './config-file.js';
import { parseWithSources } from './config-issues.js';
import { type ConfigKeyInfo, configKeys } from './config-keys.js';
import { checked, envLayer, type FlagValue, fileLayer, flagLayer, type LayerEntry } from './config-layers.js';
import { type Config, configSchema } from './config-schema.js';
import { expandHome, expandHomeInUri } from './home-paths.js';
import { resolveStorage } from './resolve-storage.js';
import type { ResolvedStorage } from './storage-types.js';
import { deepFreeze, setAt, valueAt } from './tree-paths.js';

/** What loadConfig reads; only the config file is read from disk, the environment is passed in. */
export interface LoadConfigInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory for ./skiff.yaml and relative paths. */
  readonly cwd: string;
  readonly flags?: {
    /** Value of `--config`: this file must exist. */
    readonly config?: string;
    /** Flag values by key path, e.g. `{ pipelineRoot: { value: 's3://b/p', flag: '--pipeline-root' } }`. */
    readonly values?: Readonly<Record<string, FlagValue>>;
  };
  /** The user's home directory for `~`; defaults to os.homedir(). */
  readonly homeDir?: string;
}

/** The effective configuration, the source of every leaf key, the file used and non-fatal warnings. */
export interface LoadedConfig {
  /** Plain typed values, deep-frozen. */
  readonly config: Config;
  /** Key path → source: `default`, `default (from home)`, `file:<path>`, `env:<NAME>`, `flag:<--flag>`, `run:<id>`. */
  readonly sources: ReadonlyMap<string, string>;
  /** Absolute path of the config file used, if any. */
  readonly file: string | undefined;
  /** Storage providers in match order (Skiff's own, kfp-launcher ConfigMaps, env aliases) and same-layer conflicts. */
  readonly storage: ResolvedStorage;
  /** Non-fatal findings, conflicts included (both values, both sources); the CLI prints them. */
  readonly warnings: readonly string[];
}

/** Values a single run may override (a run's `pipeline_root`). */
export interface RunValues {
  readonly pipelineRoot?: string;
}

interface Context {
  readonly homeDir: string;
  readonly cwd: string;
  /** Every value set by a layer, lowest layer first. */
  readonly entries: readonly LayerEntry[];
}

const contexts = new WeakMap<LoadedConfig, Context>();

/**
 * Resolve the configuration: defaults < config file < environment < flags, with the kfp-launcher
 * ConfigMap of each layer and the KFP/AWS environment aliases mapped in; throws SkiffError on bad input.
 */
export async function loadConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  const homeDir = input.homeDir ?? homedir();
  const file = await readConfigFile({ flag: input.flags?.config, env: input.env, cwd: input.cwd, homeDir });
  const fromEnv = envLayer(input.env);
  const resolution = await resolveStorage(
    [
      { entries: file ? fileLayer(file.raw, file.path) : [] },
      { entries: fromEnv.entries, aliases: true },
      { entries: flagLayer(input.flags?.values ?? {}) },
    ],
    { env: input.env, cwd: input.cwd, homeDir },
  );
  return resolveLayers(
    { homeDir, cwd: input.cwd, entries: resolution.layers.flat() },
    file?.path,
    [...fromEnv.warnings, ...resolution.warnings],
    resolution.storage,
  );
}

/**
 * A new LoadedConfig with per-run values on top of every other layer, their source being `run:<runId>`;
 * storage providers are carried over unchanged (a run's pipeline_root does not change them).
 */
export function withRunValues(loaded: LoadedConfig, values: RunValues, runId: string): LoadedConfig {
  const context = contexts.get(loaded) ?? {
    homeDir: homedir(),
    cwd: loaded.config.home,
    entries: setEntries(loaded),
  };
  const runEntries = Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([path, value]) => ({ path, value, source: `run:${runId}` }));
  const entries = [...context.entries, ...checked(runEntries)];
  return resolveLayers({ ...context, entries }, loaded.file, loaded.warnings, loaded.storage);
}

function resolveLayers(
  context: Context,
  file: string | undefined,
  warnings: readonly string[],
  storage: ResolvedStorage,
): LoadedConfig {
  const winners = new Map<string, LayerEntry>();
  for (const entry of context.entries) winners.set(entry.path, listMerged(entry, winners.get(entry.path)));
  const keys = configKeys();
  const homeKey = keys.find((key) => key.path === 'home')!;
  const home = String(resolveKey(homeKey, winners, context, '').value);
  const tree: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const key of keys) {
    const { value, source } = resolveKey(key, winners, context, home);
    sources.set(key.path, source);
    if (value !== undefined) setAt(tree, key.segments, value);
  }
  const config = deepFreeze(parseWithSources(configSchema, tree, (path) => sources.get(path) ?? 'default'));
  const loaded: LoadedConfig = Object.freeze({
    config,
    sources: freezeMap(sources),
    file,
    storage,
    warnings: Object.freeze([...warnings]),
  });
  contexts.set(loaded, context);
  return loaded;
}

/** List keys (storage.providers) add up over layers, the higher layer first; other keys are replaced. */
function listMerged(entry: LayerEntry, lower: LayerEntry | undefined): LayerEntry {
  if (!lower || !Array.isArray(entry.value) || !Array.isArray(lower.value)) return entry;
  return {
    path: entry.path,
    value: [...entry.value, ...lower.value],
    source: `${entry.source} + ${lower.source}`,
  };
}

function resolveKey(
  key: ConfigKeyInfo,
  winners: ReadonlyMap<string, LayerEntry>,
  context: Context,
  home: string,
): { value: unknown; source: string } {
  const winner = winners.get(key.path);
  if (winner) return { value: expand(key, winner.value, context), source: winner.source };
  const fallback = key.meta.default;
  if (fallback === undefined) return { value: undefined, source: 'default' };
  if ('fromHome' in fallback) return { value: fallback.fromHome(home), source: 'default (from home)' };
  return { value: expand(key, fallback.value, context), source: 'default' };
}

function expand(key: ConfigKeyInfo, value: unknown, context: Context): unknown {
  if (typeof value !== 'string') return value;
  if (key.meta.expand === 'path') return resolve(context.cwd, expandHome(value, context.homeDir));
  if (key.meta.expand === 'uri') return expandHomeInUri(value, context.homeDir);
  return value;
}

/** Entries of a LoadedConfig made elsewhere: its non-default values, already resolved. */
function setEntries(loaded: LoadedConfig): LayerEntry[] {
  return configKeys().flatMap((key) => {
    const source = loaded.sources.get(key.path);
    if (source === undefined || source.startsWith('default')) return [];
    return [{ path: key.path, value: valueAt(loaded.config, key.segments), source }];
  });
}

function freezeMap<K, V>(map: Map<K, V>): ReadonlyMap<K, V> {
  const readOnly = (): never => {
    throw new TypeError('configuration sources are read-only');
  };
  for (const method of ['set', 'delete', 'clear']) Object.defineProperty(map, method, { value: readOnly });
  return Object.freeze(map);
}
