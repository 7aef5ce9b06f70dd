/** URI schemes Skiff serves through S3-compatible storage providers. */
export type ProviderScheme = 's3' | 'minio';

/** Resolved credentials of a provider: literal keys, a shared credentials file, or the AWS SDK's chain. */
export type ProviderCredentials =
  | {
      readonly kind: 'keys';
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly sessionToken?: string;
    }
  | { readonly kind: 'file'; readonly file: string; readonly profile: string }
  | { readonly kind: 'default-chain' };

/** One storage provider of the resolved configuration, with where it and each of its fields came from. */
export interface StorageProvider {
  readonly scheme: ProviderScheme;
  readonly bucket?: string;
  readonly keyPrefix?: string;
  /** As written: 'host', 'host:port' or 'http(s)://host[:port]'; absent: AWS's endpoint for the region (s3 only). */
  readonly endpoint?: string;
  readonly secure?: boolean;
  readonly region?: string;
  readonly forcePathStyle?: boolean;
  /** Absent: no credentials configured (a run on this provider fails before it starts). */
  readonly credentials?: ProviderCredentials;
  /** Why credentials are absent, when known (e.g. a Kubernetes secretRef Skiff cannot read locally). */
  readonly credentialsNote?: string;
  /** Where the provider was defined, e.g. 'file:/x/skiff.yaml#storage.providers[0]', 'env:MINIO_HOST'. */
  readonly source: string;
  /** Source of each field that is set, e.g. { endpoint: 'env:MINIO_HOST+MINIO_PORT' }. */
  readonly fieldSources: Readonly<Record<string, string>>;
}

/** Two or more inputs of the same layer that set one thing differently; the first value is the one used. */
export interface ConfigConflict {
  /** What they disagree on, e.g. `pipelineRoot` or `storage.providers[minio://*].endpoint`. */
  readonly key: string;
  /** Each value (masked if secret) with its source; the first is the one used. */
  readonly values: readonly { readonly value: string; readonly source: string }[];
}

/** The storage part of a loaded configuration: providers in match order and same-layer conflicts. */
export interface ResolvedStorage {
  /** Every provider, in match order (first match by scheme, bucket, key prefix wins). */
  readonly providers: readonly StorageProvider[];
  /** Inputs of the same layer that disagree (both values, both sources); `skiff doctor` fails on any. */
  readonly conflicts: readonly ConfigConflict[];
}

/** Provider fields that can be set, in display order (credentials last). */
export const PROVIDER_FIELDS = [
  'bucket',
  'keyPrefix',
  'endpoint',
  'secure',
  'region',
  'forcePathStyle',
  'credentials',
] as const;

/** One settable field of a StorageProvider. */
export type ProviderField = (typeof PROVIDER_FIELDS)[number];
