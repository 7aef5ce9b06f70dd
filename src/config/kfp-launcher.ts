import { didYouMean, SkiffError } from '../errors/index.js';
import { readRegularFile } from '../local-fs/index.js';
import { buildProvider, type FieldInput, type ProviderContext } from './build-provider.js';
import { providersFromKfp } from './kfp-providers.js';
import { ENDPOINT_PATTERN, ENDPOINT_RULE } from './storage-schema.js';
import type { StorageProvider } from './storage-types.js';
import { readYamlValues } from './yaml-text.js';

/** What a kfp-launcher ConfigMap contributes to the layer that named it. */
export interface KfpLauncherInputs {
  /** Pipeline roots it sets, in priority order (`defaultPipelineRoot`, then `PIPELINE_ROOT`). */
  readonly pipelineRoots: readonly { readonly value: string; readonly source: string }[];
  /** Its providers in match order: `providers` (overrides before defaults), then the flat MINIO_* form. */
  readonly providers: readonly StorageProvider[];
  readonly warnings: readonly string[];
}

const FLAT_KEYS = ['PIPELINE_ROOT', 'MINIO_ENDPOINT', 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY', 'MINIO_SECURE'];
const DATA_KEYS = ['defaultPipelineRoot', 'providers', ...FLAT_KEYS];

/**
 * Read a kfp-launcher ConfigMap file (`kind: ConfigMap` with `data:`, or a bare data map; in a
 * multi-document file, the ConfigMap named kfp-launcher). `file` is absolute; `namedBy` says who named it.
 */
export async function readKfpLauncher(
  file: string,
  namedBy: string,
  context: ProviderContext,
): Promise<KfpLauncherInputs> {
  let text: string;
  try {
    text = (await readRegularFile(file)).toString('utf8');
  } catch (cause) {
    throw new SkiffError(
      'SKIFF_CONFIG_KFP_LAUNCHER_READ',
      `kfp-launcher ConfigMap ${file} (named by ${namedBy}) cannot be read: ${(cause as Error).message}`,
      { location: file, cause },
    );
  }
  const { data, prefix } = locateData(text, file);
  const source = `kfp-launcher:${file}`;
  const invalid = (key: string, rule: string) =>
    new SkiffError(
      'SKIFF_CONFIG_KFP_LAUNCHER_INVALID',
      `kfp-launcher ConfigMap ${file}: ${prefix}${key} ${rule}`,
      {
        location: `${file}#${prefix}${key}`,
      },
    );
  const warnings: string[] = [];
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!DATA_KEYS.includes(key)) {
      warnings.push(
        `${source}#${key} is not a kfp-launcher key Skiff reads; ignored${didYouMean(key, DATA_KEYS)}`,
      );
    } else if (key === 'providers' && typeof value === 'object' && value !== null) {
      values[key] = JSON.stringify(value);
    } else if (['string', 'number', 'boolean'].includes(typeof value)) {
      values[key] = String(value).trim();
    } else if (value !== null && value !== undefined) {
      throw invalid(key, 'must be a string');
    }
  }
  const pipelineRoots = (['defaultPipelineRoot', 'PIPELINE_ROOT'] as const).flatMap((key) =>
    values[key] ? [{ value: values[key], source: `${source}#${key}` }] : [],
  );
  const providers: StorageProvider[] = [];
  if (values.providers) {
    const raw = parseProvidersText(values.providers, file, `${prefix}providers`);
    const mapped = providersFromKfp(raw, { source, file, location: `${prefix}providers` }, context);
    providers.push(...mapped.providers);
    warnings.push(...mapped.warnings);
  }
  const flat = flatProvider(values, source, pipelineRoots, invalid);
  if (flat) providers.push(flat);
  return { pipelineRoots, providers, warnings };
}

function locateData(text: string, file: string): { data: Record<string, unknown>; prefix: string } {
  const read = readYamlValues(text);
  if (!read.ok) {
    throw new SkiffError('SKIFF_CONFIG_KFP_LAUNCHER_READ', `kfp-launcher ConfigMap ${file} ${read.problem}`, {
      location: file,
      fix: read.fix,
      cause: read.cause,
    });
  }
  const docs = read.values.filter((value) => value !== null && value !== undefined);
  const configMaps = docs.flatMap((doc) => (isObject(doc) && doc.kind === 'ConfigMap' ? [doc] : []));
  const named = configMaps.filter((doc) => isObject(doc.metadata) && doc.metadata.name === 'kfp-launcher');
  const chosen =
    docs.length <= 1 ? docs[0] : (named[0] ?? (configMaps.length === 1 ? configMaps[0] : undefined));
  const wrong = (rule: string) =>
    new SkiffError('SKIFF_CONFIG_KFP_LAUNCHER_INVALID', `kfp-launcher ConfigMap ${file}: ${rule}`, {
      location: file,
      fix: 'Give the kfp-launcher ConfigMap as `kubectl get configmap kfp-launcher -o yaml` prints it, or a map of its data keys.',
    });
  if (docs.length > 1 && chosen === undefined) {
    throw wrong(`holds ${docs.length} documents and none is the ConfigMap named kfp-launcher`);
  }
  if (chosen === undefined) return { data: {}, prefix: '' };
  if (!isObject(chosen)) throw wrong('is not a mapping');
  // `data` is no kfp-launcher key, so a mapping under it means the ConfigMap form even without `kind`.
  const isConfigMap =
    ['kind', 'apiVersion', 'metadata'].some((key) => key in chosen) || isObject(chosen.data);
  if (!isConfigMap) return { data: chosen, prefix: '' };
  if ('kind' in chosen && chosen.kind !== 'ConfigMap')
    throw wrong(`kind is ${JSON.stringify(chosen.kind)}, not ConfigMap`);
  if (chosen.data === undefined || chosen.data === null) return { data: {}, prefix: 'data.' };
  if (!isObject(chosen.data)) throw wrong('data is not a mapping of keys to strings');
  return { data: chosen.data, prefix: 'data.' };
}

function parseProvidersText(text: string, file: string, location: string): unknown {
  const read = readYamlValues(text);
  if (read.ok && read.values.length <= 1) return read.values[0] ?? null;
  const problem = read.ok ? `holds ${read.values.length} YAML documents` : read.problem;
  throw new SkiffError(
    'SKIFF_CONFIG_KFP_LAUNCHER_READ',
    `kfp-launcher ConfigMap ${file}: ${location} ${problem} (in its text)`,
    {
      location: `${file}#${location}`,
      fix: read.ok
        ? `Keep one YAML document inside ${location}.`
        : `${read.fix} (inside ${location}, a block string: providers: |)`,
      cause: read.ok ? undefined : read.cause,
    },
  );
}

/** The flat form (MINIO_ENDPOINT, MINIO_ACCESS_KEY, MINIO_SECRET_KEY, MINIO_SECURE) as one provider. */
function flatProvider(
  values: Readonly<Record<string, string>>,
  source: string,
  roots: KfpLauncherInputs['pipelineRoots'],
  invalid: (key: string, rule: string) => SkiffError,
): StorageProvider | undefined {
  const present = FLAT_KEYS.slice(1).filter((key) => values[key]);
  if (present.length === 0) return undefined;
  const rootScheme = /^(s3|minio):\/\//.exec(roots.at(-1)?.value ?? '')?.[1];
  const scheme = rootScheme === 's3' ? 's3' : 'minio';
  const endpoint = values.MINIO_ENDPOINT;
  if (endpoint && !ENDPOINT_PATTERN.test(endpoint)) throw invalid('MINIO_ENDPOINT', ENDPOINT_RULE);
  const secureText = values.MINIO_SECURE?.toLowerCase();
  if (secureText && !['true', 'false', '1', '0'].includes(secureText)) {
    throw invalid('MINIO_SECURE', 'must be true or false');
  }
  const accessKeyId = values.MINIO_ACCESS_KEY;
  const secretAccessKey = values.MINIO_SECRET_KEY;
  const keys = accessKeyId && secretAccessKey ? { kind: 'keys', accessKeyId, secretAccessKey } : undefined;
  const fields: FieldInput[] = [
    ['endpoint', endpoint || undefined, `${source}#MINIO_ENDPOINT`],
    [
      'secure',
      secureText ? secureText === 'true' || secureText === '1' : undefined,
      `${source}#MINIO_SECURE`,
    ],
    ['credentials', keys, `${source}#MINIO_ACCESS_KEY+MINIO_SECRET_KEY`],
  ];
  const note = keys
    ? undefined
    : `${source} needs both MINIO_ACCESS_KEY and MINIO_SECRET_KEY for credentials`;
  return buildProvider(scheme, `${source}#${present[0]}`, fields, note);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
