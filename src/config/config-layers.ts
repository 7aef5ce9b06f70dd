import { parse } from 'yaml';
import { z } from 'zod';
import { didYouMean, SkiffError } from '../errors/index.js';
import { cloudAliasEntries } from './cloud-env-aliases.js';
import { parseWithSources, suggestKey } from './config-issues.js';
import { type ConfigValueKind, configKeyAt, configKeys } from './config-keys.js';
import { configKeyRegistry, configSchema } from './config-schema.js';
import { ENV_VARS, SKIFF_ENV_PREFIX } from './env-vars.js';
import { setAt, valueAt } from './tree-paths.js';
import { describeYamlError } from './yaml-text.js';

/** One value set by one layer, with where it came from (`file:/x/skiff.yaml`, `env:SKIFF_HOME`, ...). */
export interface LayerEntry {
  readonly path: string;
  readonly value: unknown;
  readonly source: string;
}

/** A value given on the command line for a key path, e.g. `pipelineRoot` from `--pipeline-root`. */
export interface FlagValue {
  readonly value: unknown;
  /** The flag as typed, e.g. `--pipeline-root`. */
  readonly flag: string;
}

/** Validate a parsed config file (strict: unknown keys rejected) and list the values it sets. */
export function fileLayer(raw: unknown, path: string): LayerEntry[] {
  const source = `file:${path}`;
  const parsed = parseWithSources(layerSchema(), raw, () => source);
  return configKeys().flatMap((key) => {
    const value = valueAt(parsed, key.segments);
    return value === undefined ? [] : [{ path: key.path, value, source }];
  });
}

/**
 * The values set by the variables of the ENV_VARS table, parsed to each key's type (empty counts as
 * unset); SKIFF_* names the table does not know become warnings, as other tools may set SKIFF_ vars.
 * The cloud aliases (DISABLE_GKE_METADATA, GCE_METADATA_HOST) come first, so Skiff's own variables win.
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>): {
  entries: LayerEntry[];
  warnings: string[];
} {
  const entries: LayerEntry[] = [];
  for (const variable of ENV_VARS) {
    const text = env[variable.name];
    const key = variable.key === undefined ? undefined : configKeyAt(variable.key);
    if (key === undefined || text === undefined || text === '') continue;
    const value =
      key.kind === 'list' || key.kind === 'object'
        ? parseStructuredText(text, variable.name, key)
        : parseScalar(text, key.kind);
    entries.push({ path: key.path, value, source: `env:${variable.name}` });
  }
  const known = ENV_VARS.map((variable) => variable.name);
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith(SKIFF_ENV_PREFIX) && !known.includes(name))
    .sort()
    .map(
      (name) =>
        `environment variable ${name} is not a Skiff setting and is ignored${didYouMean(name, known)}`,
    );
  const cloud = cloudAliasEntries(env, entries);
  return {
    entries: [...checked(cloud.entries), ...checked(entries)],
    warnings: [...warnings, ...cloud.warnings],
  };
}

/** The values set by command-line flags; string values are parsed to each key's type. */
export function flagLayer(values: Readonly<Record<string, FlagValue>>): LayerEntry[] {
  const entries = Object.entries(values).map(([path, { value, flag }]) => {
    const key = configKeyAt(path);
    const source = `flag:${flag}`;
    if (!key) {
      throw new SkiffError(
        'SKIFF_CONFIG_UNKNOWN_KEY',
        `unknown key "${path}" in ${source}${suggestKey(path)}`,
        {
          location: path,
        },
      );
    }
    return { path, value: typeof value === 'string' ? parseScalar(value, key.kind) : value, source };
  });
  return checked(entries);
}

/** Validate entries set for known key paths (per-run values too), naming each entry's source on error. */
export function checked(entries: readonly LayerEntry[]): LayerEntry[] {
  const tree: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const entry of entries) {
    setAt(tree, entry.path.split('.'), entry.value);
    sources.set(entry.path, entry.source);
  }
  parseWithSources(layerSchema(), tree, (path) => sources.get(path) ?? 'input');
  return [...entries];
}

/** Parse an env or flag string to the key's type: numbers, booleans (`true/false/1/0`); else left as text. */
export function parseScalar(text: string, kind: ConfigValueKind): unknown {
  const trimmed = text.trim();
  if (kind === 'number' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  if (kind === 'boolean') {
    const lower = trimmed.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
  }
  return text;
}

/** Parse the JSON or YAML text of a list key given in environment variable `name`. */
function parseStructuredText(text: string, name: string, key: { path: string; kind: string }): unknown {
  const path = key.path;
  try {
    return parse(text);
  } catch (cause) {
    throw new SkiffError(
      'SKIFF_CONFIG_INVALID',
      `env:${name} (${path}) is not valid JSON or YAML: ${describeYamlError(cause)}`,
      {
        location: path,
        fix:
          key.kind === 'object'
            ? `Write ${name} as a JSON object, e.g. {"labels":{"team":"ml"}}.`
            : `Write ${name} as a JSON list, e.g. [{"scheme":"minio","endpoint":"localhost:9000","credentials":{"fromEnv":true}}].`,
        cause,
      },
    );
  }
}

let cachedLayerSchema: z.ZodType | undefined;

/** The file shape: the config schema with every key optional and empty sections (`engine:`) allowed. */
export function layerSchema(): z.ZodType {
  cachedLayerSchema ??= partialOf(configSchema);
  return cachedLayerSchema;
}

function partialOf(node: z.ZodType): z.ZodType {
  if (configKeyRegistry.has(node)) return node.optional();
  if (!(node instanceof z.ZodObject))
    throw new TypeError('config schema node is neither a section nor a key');
  const shape = Object.fromEntries(
    Object.entries(node.shape).map(([name, child]) => [name, partialOf(child as z.ZodType)]),
  );
  return z.strictObject(shape).nullish();
}
