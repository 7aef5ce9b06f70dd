import { z } from 'zod';
import { type ConfigKeyMeta, configKeyRegistry, configSchema } from './config-schema.js';

/** The type of a leaf key, which decides how env and flag strings are parsed (`list`: JSON or YAML text). */
export type ConfigValueKind = 'string' | 'number' | 'boolean' | 'enum' | 'list' | 'object';

/** One leaf key of the configuration, as docs, env parsing and `skiff config` see it. */
export interface ConfigKeyInfo {
  /** Dotted key path, e.g. `engine.maxParallelTasks`. */
  readonly path: string;
  readonly segments: readonly string[];
  /** The leaf schema (validates one value of this key). */
  readonly schema: z.ZodType;
  readonly meta: ConfigKeyMeta;
  readonly kind: ConfigValueKind;
  /** Human-readable type, e.g. `integer 1..1024` or `"auto" | "installed" | "pip"`. */
  readonly type: string;
  /** Environment variable setting this key, e.g. `SKIFF_ENGINE_MAX_PARALLEL_TASKS`. */
  readonly env: string;
  /** The default as docs show it (`4`, `file://<home>/artifacts`), or undefined when the key has none. */
  readonly defaultDoc: string | undefined;
  readonly secret: boolean;
}

/** Environment variable name of a key path: `SKIFF_` + the path in upper snake case. */
export function envNameOf(path: string): string {
  const snake = path
    .split('.')
    .map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase())
    .join('_');
  return `SKIFF_${snake}`;
}

/** Every leaf key of `schema` (a strict object of sections), in declaration order. */
export function describeKeys(schema: z.ZodObject): ConfigKeyInfo[] {
  const keys: ConfigKeyInfo[] = [];
  const walk = (node: z.ZodType, segments: string[]): void => {
    const meta = configKeyRegistry.get(node);
    if (meta) {
      keys.push(describeLeaf(node, segments, meta));
      return;
    }
    if (!(node instanceof z.ZodObject)) {
      throw new TypeError(`config schema node ${segments.join('.')} is neither a section nor a configKey()`);
    }
    for (const [name, child] of Object.entries(node.shape)) walk(child as z.ZodType, [...segments, name]);
  };
  walk(schema, []);
  return keys;
}

let cached: readonly ConfigKeyInfo[] | undefined;

/** Every leaf key of Skiff's configuration with type, default, env name and description. */
export function configKeys(): readonly ConfigKeyInfo[] {
  cached ??= Object.freeze(describeKeys(configSchema));
  return cached;
}

/** The key at `path`, or undefined. */
export function configKeyAt(path: string): ConfigKeyInfo | undefined {
  return configKeys().find((key) => key.path === path);
}

function describeLeaf(schema: z.ZodType, segments: string[], meta: ConfigKeyMeta): ConfigKeyInfo {
  const path = segments.join('.');
  const base = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  const { kind, type } =
    base instanceof z.ZodArray
      ? { kind: 'list' as const, type: meta.typeDoc ?? 'list' }
      : base instanceof z.ZodObject
        ? { kind: 'object' as const, type: meta.typeDoc ?? 'object' }
        : typeOf(base, path);
  const fallback = meta.default;
  const defaultDoc =
    fallback === undefined ? undefined : 'doc' in fallback ? fallback.doc : formatDefault(fallback.value);
  return {
    path,
    segments,
    schema,
    meta,
    kind,
    type,
    env: envNameOf(path),
    defaultDoc,
    secret: meta.mask === 'secret',
  };
}

function typeOf(base: z.ZodType, path: string): { kind: ConfigValueKind; type: string } {
  if (base instanceof z.ZodNumber) {
    const name = base.isInt ? 'integer' : 'number';
    const bounded = Math.abs(base.minValue ?? Number.POSITIVE_INFINITY) < 1e15;
    const max = base.maxValue !== null && Math.abs(base.maxValue) < 1e15 ? String(base.maxValue) : '';
    return {
      kind: 'number',
      type: bounded || max ? `${name} ${bounded ? base.minValue : ''}..${max}` : name,
    };
  }
  if (base instanceof z.ZodBoolean) return { kind: 'boolean', type: 'boolean' };
  if (base instanceof z.ZodEnum) {
    return { kind: 'enum', type: base.options.map((option) => JSON.stringify(option)).join(' | ') };
  }
  if (base instanceof z.ZodString) return { kind: 'string', type: 'string' };
  throw new TypeError(`config key ${path} has an unsupported schema type ${base.def.type}`);
}

function formatDefault(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
