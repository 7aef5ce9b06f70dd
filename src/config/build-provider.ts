import { resolve } from 'node:path';
import { expandHome } from './home-paths.js';
import type { ProviderInput } from './storage-schema.js';
import type { ProviderCredentials, ProviderField, ProviderScheme, StorageProvider } from './storage-types.js';

/** What resolving providers reads besides the inputs themselves. */
export interface ProviderContext {
  /** The environment given to loadConfig (never process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths resolve against. */
  readonly cwd: string;
  /** The user's home directory, for `~`. */
  readonly homeDir: string;
}

/** A field value with its source; an undefined value leaves the field unset. */
export type FieldInput = readonly [ProviderField, unknown, string];

/** Build a frozen StorageProvider from fields with their sources; unset (undefined) fields are skipped. */
export function buildProvider(
  scheme: ProviderScheme,
  source: string,
  fields: readonly FieldInput[],
  credentialsNote?: string,
): StorageProvider {
  const provider: Record<string, unknown> = { scheme };
  const fieldSources: Record<string, string> = {};
  for (const [name, value, fieldSource] of fields) {
    if (value === undefined) continue;
    provider[name] = value;
    fieldSources[name] = fieldSource;
  }
  if (credentialsNote !== undefined && provider.credentials === undefined) {
    provider.credentialsNote = credentialsNote;
  }
  return Object.freeze({ ...provider, source, fieldSources: Object.freeze(fieldSources) }) as StorageProvider;
}

/** A non-empty environment value, or undefined (empty counts as unset). */
export function envValue(env: ProviderContext['env'], name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Credentials meant to come "from the environment": the AWS keys when AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY are set (AWS_SESSION_TOKEN too), else the AWS SDK's default chain.
 */
export function credentialsFromEnv(
  env: ProviderContext['env'],
  chainSource: string,
): { credentials: ProviderCredentials; source: string } {
  const accessKeyId = envValue(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = envValue(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    return { credentials: { kind: 'default-chain' }, source: chainSource };
  }
  const sessionToken = envValue(env, 'AWS_SESSION_TOKEN');
  return {
    credentials: { kind: 'keys', accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    source: `env:AWS_ACCESS_KEY_ID+AWS_SECRET_ACCESS_KEY${sessionToken ? '+AWS_SESSION_TOKEN' : ''}`,
  };
}

/** Resolve one `storage.providers` entry as written (skiff.yaml or SKIFF_STORAGE_PROVIDERS). */
export function providerFromInput(
  input: ProviderInput,
  source: string,
  context: ProviderContext,
): StorageProvider {
  const at = (field: string) => `${source}.${field}`;
  const credentials = input.credentials && resolveCredentials(input.credentials, at('credentials'), context);
  return buildProvider(input.scheme, source, [
    ['bucket', input.bucket, at('bucket')],
    ['keyPrefix', input.keyPrefix, at('keyPrefix')],
    ['endpoint', input.endpoint, at('endpoint')],
    ['secure', input.secure, at('secure')],
    ['region', input.region, at('region')],
    ['forcePathStyle', input.forcePathStyle, at('forcePathStyle')],
    ['credentials', credentials?.credentials, credentials?.source ?? at('credentials')],
  ]);
}

function resolveCredentials(
  input: NonNullable<ProviderInput['credentials']>,
  source: string,
  context: ProviderContext,
): { credentials: ProviderCredentials; source: string } {
  if (input.fromEnv) return credentialsFromEnv(context.env, source);
  if (input.file !== undefined) {
    const profileFromEnv = input.profile === undefined ? envValue(context.env, 'AWS_PROFILE') : undefined;
    return {
      credentials: {
        kind: 'file',
        file: resolve(context.cwd, expandHome(input.file, context.homeDir)),
        profile: input.profile ?? profileFromEnv ?? 'default',
      },
      source: profileFromEnv ? `${source}+env:AWS_PROFILE` : source,
    };
  }
  return {
    credentials: {
      kind: 'keys',
      accessKeyId: input.accessKeyId!,
      secretAccessKey: input.secretAccessKey!,
      ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}),
    },
    source,
  };
}
