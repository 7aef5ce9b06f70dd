import type { StorageProvider } from './storage-types.js';

const URI = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(\/.*)?$/;

/** The provider serving `uri` (scheme s3/minio, bucket, key prefix), or undefined; the first match wins. */
export function matchProvider(
  uri: string,
  providers: readonly StorageProvider[],
): { provider: StorageProvider; index: number } | undefined {
  const match = URI.exec(uri);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const bucket = match[2] ?? '';
  const key = match[3] ?? '';
  const index = providers.findIndex(
    (provider) =>
      provider.scheme === scheme &&
      (provider.bucket === undefined || provider.bucket === bucket) &&
      keyPrefixMatches(key, provider.keyPrefix),
  );
  return index < 0 ? undefined : { provider: providers[index]!, index };
}

/**
 * True when object key `key` lies under `prefix`, compared by whole path segments as KFP does
 * (`v2/` matches `v2` and `v2/a`, not `v2x`); an empty or absent prefix matches every key.
 */
export function keyPrefixMatches(key: string, prefix: string | undefined): boolean {
  const wanted = trimSlashes(prefix ?? '');
  if (wanted === '') return true;
  const actual = trimSlashes(key);
  return actual === wanted || actual.startsWith(`${wanted}/`);
}

/** What a provider serves, as a URI pattern: `minio://mlpipeline/v2`, `s3://*` (any bucket). */
export function scopeOf(provider: Pick<StorageProvider, 'scheme' | 'bucket' | 'keyPrefix'>): string {
  const prefix = trimSlashes(provider.keyPrefix ?? '');
  return `${provider.scheme}://${provider.bucket ?? '*'}${prefix ? `/${prefix}` : ''}`;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}
