import { MASKED, maskAccessKey } from './mask.js';
import type { ProviderCredentials, ProviderField, StorageProvider } from './storage-types.js';

/** Credentials as printed: the access key shortened, secrets masked, e.g. `keys AKIA…/****`. */
export function credentialsText(credentials: ProviderCredentials): string {
  switch (credentials.kind) {
    case 'keys':
      return `keys ${maskAccessKey(credentials.accessKeyId)}/${MASKED}${credentials.sessionToken ? ` +session token ${MASKED}` : ''}`;
    case 'file':
      return `file ${credentials.file} profile ${credentials.profile}`;
    case 'default-chain':
      return 'AWS SDK default chain';
  }
}

/** Credentials with secrets masked, for JSON output. */
export function maskedCredentials(credentials: ProviderCredentials): ProviderCredentials {
  if (credentials.kind !== 'keys') return credentials;
  return {
    kind: 'keys',
    accessKeyId: maskAccessKey(credentials.accessKeyId),
    secretAccessKey: MASKED,
    ...(credentials.sessionToken ? { sessionToken: MASKED } : {}),
  };
}

/** A provider with its secrets masked, for printing (`skiff config --json`, the API). */
export function maskedProvider(provider: StorageProvider): StorageProvider {
  return provider.credentials
    ? { ...provider, credentials: maskedCredentials(provider.credentials) }
    : provider;
}

/** One field as printed (secrets masked), or undefined when unset. */
export function fieldText(provider: StorageProvider, field: ProviderField): string | undefined {
  if (field === 'credentials') return provider.credentials && credentialsText(provider.credentials);
  const value = provider[field];
  return value === undefined ? undefined : String(value);
}

/** One field's raw value for comparing providers, undefined when unset (never printed: it holds secrets). */
export function fieldIdentity(provider: StorageProvider, field: ProviderField): string | undefined {
  const value = provider[field];
  return value === undefined ? undefined : JSON.stringify(value);
}
