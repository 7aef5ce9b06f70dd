import { SkiffError } from '../errors/index.js';
import {
  buildProvider,
  credentialsFromEnv,
  envValue,
  type FieldInput,
  type ProviderContext,
} from './build-provider.js';
import { ENDPOINT_PATTERN, ENDPOINT_RULE } from './storage-schema.js';
import type { StorageProvider } from './storage-types.js';

/** Providers made from KFP's and AWS's environment variables, in match order, with non-fatal warnings. */
export interface AliasProviders {
  readonly providers: StorageProvider[];
  readonly warnings: string[];
}

/**
 * Map the KFP API server's OBJECTSTORECONFIG_*, the KFP UI server's MINIO_* and the AWS SDK's AWS_*
 * variables to providers (that order). A family adds a provider only when its host, endpoint or
 * access key is set; KFP's defaults (minio-service:9000) are never applied.
 */
export function providersFromEnvAliases(context: ProviderContext): AliasProviders {
  const warnings: string[] = [];
  const providers = [
    objectStoreProvider(context, warnings),
    minioProvider(context, warnings),
    awsProvider(context),
  ].filter((provider) => provider !== undefined);
  return { providers, warnings };
}

function objectStoreProvider(context: ProviderContext, warnings: string[]): StorageProvider | undefined {
  const v = read(context, 'OBJECTSTORECONFIG_', [
    'HOST',
    'PORT',
    'SECURE',
    'REGION',
    'BUCKETNAME',
    'ACCESSKEY',
    'SECRETACCESSKEY',
  ]);
  const made = v.HOST ?? v.ACCESSKEY ?? v.SECRETACCESSKEY;
  if (made === undefined) {
    ignored(warnings, v, 'OBJECTSTORECONFIG_HOST or OBJECTSTORECONFIG_ACCESSKEY');
    return undefined;
  }
  const endpoint = v.HOST && joinEndpoint([v.HOST], v.PORT);
  const keys = credentialPair(
    v.ACCESSKEY,
    v.SECRETACCESSKEY,
    'OBJECTSTORECONFIG_ACCESSKEY',
    'OBJECTSTORECONFIG_SECRETACCESSKEY',
  );
  return buildProvider(
    'minio',
    `env:${made.name}`,
    [
      ['bucket', v.BUCKETNAME?.value, 'env:OBJECTSTORECONFIG_BUCKETNAME'],
      ['endpoint', endpoint?.value, endpoint?.source ?? ''],
      // As KFP's API server: no OBJECTSTORECONFIG_SECURE means plain HTTP.
      v.SECURE
        ? ['secure', parseBoolean(v.SECURE), 'env:OBJECTSTORECONFIG_SECURE']
        : ['secure', false, 'default (OBJECTSTORECONFIG_SECURE unset: false, as in KFP)'],
      ['region', v.REGION?.value, 'env:OBJECTSTORECONFIG_REGION'],
      keys.field,
    ],
    keys.note,
  );
}

function minioProvider(context: ProviderContext, warnings: string[]): StorageProvider | undefined {
  const v = read(context, 'MINIO_', ['HOST', 'PORT', 'NAMESPACE', 'SSL', 'ACCESS_KEY', 'SECRET_KEY']);
  const made = v.HOST ?? v.ACCESS_KEY ?? v.SECRET_KEY;
  if (made === undefined) {
    ignored(warnings, v, 'MINIO_HOST or MINIO_ACCESS_KEY');
    return undefined;
  }
  if (!v.HOST && (v.PORT || v.NAMESPACE))
    ignored(warnings, { PORT: v.PORT, NAMESPACE: v.NAMESPACE }, 'MINIO_HOST');
  const endpoint = v.HOST && joinEndpoint([v.HOST, v.NAMESPACE], v.PORT);
  const keys = credentialPair(v.ACCESS_KEY, v.SECRET_KEY, 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY');
  return buildProvider(
    'minio',
    `env:${made.name}`,
    [
      ['endpoint', endpoint?.value, endpoint?.source ?? ''],
      // As KFP's UI server: no MINIO_SSL means plain HTTP.
      v.SSL
        ? ['secure', parseBoolean(v.SSL), 'env:MINIO_SSL']
        : ['secure', false, 'default (MINIO_SSL unset: false, as in KFP)'],
      keys.field,
    ],
    keys.note,
  );
}

function awsProvider(context: ProviderContext): StorageProvider | undefined {
  const v = read(context, 'AWS_', [
    'ACCESS_KEY_ID',
    'SECRET_ACCESS_KEY',
    'REGION',
    'DEFAULT_REGION',
    'ENDPOINT_URL_S3',
    'ENDPOINT_URL',
    'PROFILE',
    'SHARED_CREDENTIALS_FILE',
  ]);
  const endpoint = v.ENDPOINT_URL_S3 ?? v.ENDPOINT_URL;
  const made = v.ACCESS_KEY_ID ?? endpoint;
  if (made === undefined) return undefined;
  if (endpoint) checkEndpoint(endpoint.value, `env:${endpoint.name}`);
  const region = v.REGION ?? v.DEFAULT_REGION;
  const fields: FieldInput[] = [
    ['endpoint', endpoint?.value, `env:${endpoint?.name}`],
    ['region', region?.value, `env:${region?.name}`],
  ];
  let note: string | undefined;
  if (v.ACCESS_KEY_ID && !v.SECRET_ACCESS_KEY) {
    note = 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both';
  } else if (!v.ACCESS_KEY_ID && (v.SHARED_CREDENTIALS_FILE || v.PROFILE)) {
    const file = v.SHARED_CREDENTIALS_FILE?.value ?? `${context.homeDir}/.aws/credentials`;
    const names = [v.SHARED_CREDENTIALS_FILE, v.PROFILE].flatMap((item) => (item ? [item.name] : []));
    const credentials = { kind: 'file', file, profile: v.PROFILE?.value ?? 'default' };
    fields.push(['credentials', credentials, `env:${names.join('+')}`]);
  } else {
    const fromEnv = credentialsFromEnv(context.env, `env:${made.name}`);
    fields.push(['credentials', fromEnv.credentials, fromEnv.source]);
  }
  return buildProvider('s3', `env:${made.name}`, fields, note);
}

interface Found {
  readonly name: string;
  readonly value: string;
}

function read<K extends string>(
  context: ProviderContext,
  prefix: string,
  names: readonly K[],
): Partial<Record<K, Found>> {
  const found: Partial<Record<K, Found>> = {};
  for (const name of names) {
    const value = envValue(context.env, `${prefix}${name}`);
    if (value !== undefined) found[name] = { name: `${prefix}${name}`, value };
  }
  return found;
}

function ignored(
  warnings: string[],
  found: Readonly<Record<string, Found | undefined>>,
  needed: string,
): void {
  const names = Object.values(found).flatMap((item) => (item ? [item.name] : []));
  if (names.length === 0) return;
  warnings.push(`${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} set but ${needed} is not: ignored`);
}

function joinEndpoint(
  parts: readonly (Found | undefined)[],
  port: Found | undefined,
): { value: string; source: string } {
  const present = parts.filter((part) => part !== undefined);
  if (port && !/^\d{1,5}$/.test(port.value.trim())) {
    throw new SkiffError(
      'SKIFF_CONFIG_INVALID',
      `env:${port.name} is "${port.value}": must be a port number`,
      {
        location: port.name,
        fix: `Set ${port.name} to the port only, e.g. 9000, or unset it.`,
      },
    );
  }
  const value = present.map((part) => part.value).join('.') + (port ? `:${port.value.trim()}` : '');
  const source = `env:${[...present, ...(port ? [port] : [])].map((part) => part.name).join('+')}`;
  checkEndpoint(value, source);
  return { value, source };
}

function checkEndpoint(value: string, source: string): void {
  if (ENDPOINT_PATTERN.test(value)) return;
  throw new SkiffError('SKIFF_CONFIG_INVALID', `endpoint "${value}" from ${source} ${ENDPOINT_RULE}`, {
    location: source,
    fix: 'Give the host alone (and the port in its own variable), e.g. minio.kubeflow and 9000.',
  });
}

function parseBoolean(found: Found): boolean {
  const text = found.value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new SkiffError(
    'SKIFF_CONFIG_INVALID',
    `env:${found.name} is "${found.value}": must be true or false`,
    {
      location: found.name,
      fix: `Set ${found.name} to true or false.`,
    },
  );
}

function credentialPair(
  accessKey: Found | undefined,
  secretKey: Found | undefined,
  accessName: string,
  secretName: string,
): { field: FieldInput; note: string | undefined } {
  if (accessKey && secretKey) {
    const credentials = { kind: 'keys', accessKeyId: accessKey.value, secretAccessKey: secretKey.value };
    return {
      field: ['credentials', credentials, `env:${accessKey.name}+${secretKey.name}`],
      note: undefined,
    };
  }
  const note = accessKey
    ? `${accessName} is set but ${secretName} is not: set both`
    : secretKey
      ? `${secretName} is set but ${accessName} is not: set both`
      : `${accessName} and ${secretName} are not set`;
  return { field: ['credentials', undefined, ''], note };
}
