import { z } from 'zod';
import { didYouMean, SkiffError } from '../errors/index.js';
import {
  buildProvider,
  credentialsFromEnv,
  type FieldInput,
  type ProviderContext,
} from './build-provider.js';
import { fieldsAt } from './schema-fields.js';
import { endpointSchema } from './storage-schema.js';
import type { ProviderScheme, StorageProvider } from './storage-types.js';

const secretRefSchema = z.strictObject({
  secretName: z.string().min(1),
  accessKeyKey: z.string().min(1),
  secretKeyKey: z.string().min(1),
});
const credentialsSchema = z.strictObject({
  fromEnv: z.boolean().optional(),
  secretRef: secretRefSchema.optional(),
});
const connection = {
  endpoint: z.union([z.literal(''), endpointSchema]).optional(),
  region: z.string().optional(),
  disableSSL: z.boolean().optional(),
  forcePathStyle: z.boolean().optional(),
  maxRetries: z.number().int().optional(),
  credentials: credentialsSchema.optional(),
};
const defaultSchema = z.strictObject(connection);
const overrideSchema = z.strictObject({
  ...connection,
  bucketName: z.string().min(1),
  keyPrefix: z.string().optional(),
});
const schemeSchema = z.strictObject({
  default: defaultSchema.optional(),
  overrides: z.array(overrideSchema).optional(),
});

/** KFP's `providers` value of the kfp-launcher ConfigMap (backend/src/v2/config): per scheme a default and overrides. */
export const kfpProvidersSchema = z.strictObject({
  s3: schemeSchema.nullish(),
  minio: schemeSchema.nullish(),
  gs: z.unknown().optional(),
});

type Connection = z.output<typeof defaultSchema>;
type Override = z.output<typeof overrideSchema>;

/** Where a ConfigMap's providers come from: `kfp-launcher:/x/cm.yaml` and the path of `providers` in the file. */
export interface KfpProvidersOrigin {
  /** Source prefix, e.g. `kfp-launcher:/x/cm.yaml`. */
  readonly source: string;
  /** The file, for error messages. */
  readonly file: string;
  /** Path of the providers value inside the file, e.g. `data.providers`. */
  readonly location: string;
}

/**
 * Map KFP's providers (already parsed from YAML) to StorageProviders: per scheme its overrides in
 * order (unset fields inherited from the default, as KFP does), then its default. `gs` is warned about.
 */
export function providersFromKfp(
  raw: unknown,
  origin: KfpProvidersOrigin,
  context: ProviderContext,
): { providers: StorageProvider[]; warnings: string[] } {
  const renamed = renameOverrides(raw);
  const parsed = parseKfp(renamed, origin);
  const providers: StorageProvider[] = [];
  const warnings: string[] = [];
  // In the file's order (zod's output follows the schema's).
  for (const key of Object.keys(renamed ?? {})) {
    if (key === 'gs') {
      warnings.push(
        `${origin.source}#providers.gs: gs:// storage is not supported yet; the gs provider is ignored`,
      );
      continue;
    }
    const scheme = key as ProviderScheme;
    const config = parsed[scheme];
    if (config === undefined || config === null) continue;
    const base = `${origin.source}#providers.${scheme}`;
    const fallback = config.default;
    for (const [index, override] of (config.overrides ?? []).entries()) {
      providers.push(fromOverride(scheme, override, `${base}.overrides[${index}]`, fallback, base, context));
    }
    if (fallback) {
      const source = `${base}.default`;
      providers.push(
        withCredentials(scheme, source, connectionFields(fallback, source), fallback.credentials, context),
      );
    }
    for (const [index, item] of [fallback, ...(config.overrides ?? [])].entries()) {
      if (item?.maxRetries !== undefined) {
        const at = index === 0 ? 'default' : `overrides[${index - 1}]`;
        warnings.push(
          `${base}.${at}.maxRetries is ignored: Skiff retries storage calls per storage.retry.maxAttempts`,
        );
      }
    }
  }
  return { providers, warnings };
}

/** An override: its scope, and each connection field from the override or, when unset there, the default. */
function fromOverride(
  scheme: ProviderScheme,
  override: Override,
  source: string,
  fallback: Connection | undefined,
  base: string,
  context: ProviderContext,
): StorageProvider {
  const own = connectionFields(override, source);
  const inherited = fallback ? connectionFields(fallback, `${base}.default`) : [];
  const fields: FieldInput[] = [
    ['bucket', override.bucketName, `${source}.bucketName`],
    ['keyPrefix', override.keyPrefix || undefined, `${source}.keyPrefix`],
    ...own.map((field) =>
      field[1] === undefined ? (inherited.find((other) => other[0] === field[0]) ?? field) : field,
    ),
  ];
  return withCredentials(scheme, source, fields, override.credentials, context);
}

/** The connection fields of a default or override as provider fields (`disableSSL` read as `secure`). */
function connectionFields(connection: Connection, source: string): FieldInput[] {
  const ssl = connection.disableSSL;
  return [
    ['endpoint', connection.endpoint || undefined, `${source}.endpoint`],
    ['secure', ssl === undefined ? undefined : !ssl, `${source}.disableSSL`],
    ['region', connection.region || undefined, `${source}.region`],
    ['forcePathStyle', connection.forcePathStyle, `${source}.forcePathStyle`],
  ];
}

/** The provider with KFP credentials resolved: fromEnv from the environment; a secretRef only noted. */
function withCredentials(
  scheme: ProviderScheme,
  source: string,
  fields: readonly FieldInput[],
  credentials: Connection['credentials'],
  context: ProviderContext,
): StorageProvider {
  if (credentials?.fromEnv) {
    const fromEnv = credentialsFromEnv(context.env, `${source}.credentials.fromEnv`);
    return buildProvider(scheme, source, [...fields, ['credentials', fromEnv.credentials, fromEnv.source]]);
  }
  return buildProvider(scheme, source, fields, credentialsNote(credentials, source));
}

function credentialsNote(credentials: Connection['credentials'], source: string): string {
  const ref = credentials?.secretRef;
  const instead =
    'set credentials: { fromEnv: true } there and export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a storage.providers entry with credentials in the same or a higher layer';
  if (ref) {
    return `its secretRef names Kubernetes secret "${ref.secretName}" (keys "${ref.accessKeyKey}" and "${ref.secretKeyKey}"), which Skiff cannot read outside the cluster; ${instead}`;
  }
  return `${source} gives no credentials (fromEnv or secretRef); ${instead}`;
}

/** KFP's Go decoder matches `Overrides` case-insensitively; accept that spelling too. */
function renameOverrides(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  return Object.fromEntries(
    Object.entries(raw).map(([scheme, config]) => {
      if (typeof config !== 'object' || config === null || !('Overrides' in config)) return [scheme, config];
      const { Overrides, ...rest } = config as Record<string, unknown>;
      return [scheme, { ...rest, overrides: Overrides }];
    }),
  );
}

function parseKfp(raw: unknown, origin: KfpProvidersOrigin): z.output<typeof kfpProvidersSchema> {
  const result = kfpProvidersSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${String(segment)}`),
    origin.location,
  );
  const message =
    issue.code === 'unrecognized_keys'
      ? `${where} has unknown field "${issue.keys[0]}"${didYouMean(issue.keys[0]!, fieldsAt(kfpProvidersSchema, issue.path as (string | number)[]))}`
      : `${where} ${issue.message}`;
  throw new SkiffError(
    'SKIFF_CONFIG_KFP_LAUNCHER_INVALID',
    `kfp-launcher ConfigMap ${origin.file}: ${message}`,
    {
      location: `${origin.file}#${where}`,
      fix: "Correct it to KFP's providers format: { s3|minio: { default: { endpoint, region, disableSSL, forcePathStyle, credentials: { fromEnv: true } or { secretRef: { secretName, accessKeyKey, secretKeyKey } } }, overrides: [{ bucketName, keyPrefix, endpoint, region, disableSSL, forcePathStyle, credentials }] } }.",
    },
  );
}
