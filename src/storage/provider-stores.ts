import type { LoadedConfig, StorageProvider } from '../config/index.js';
import { matchProvider, scopeOf } from '../config/index.js';
import { SkiffError } from '../errors/index.js';
import type { RunStorage, RunStorageProvider } from '../metadata/records.js';
import { FileObjectStore } from './file/file-object-store.js';
import type { ObjectStore } from './object-store.js';
import { LazyS3ObjectStore } from './s3/lazy-s3-store.js';
import { normalizeS3Endpoint } from './s3/s3-endpoint.js';
import { DEFAULT_S3_REGION, type S3RetryEvent, type S3StoreSettings } from './s3/s3-settings.js';
import { checkPipelineRootUri, parseStorageUri } from './uri.js';

/** A URI resolved to its provider and the S3 settings to reach it (`settings` null for `file://`). */
export interface ResolvedLocation {
  readonly uri: string;
  readonly settings: S3StoreSettings | null;
  /** What a run records: root, provider, endpoint, each with its source; no secrets. */
  readonly storage: RunStorage;
}

/** What ProviderStores reads of a configuration (a LoadedConfig; a task pod builds one from its plan). */
export type StorageSettings = Pick<LoadedConfig, 'storage' | 'sources'> & {
  readonly config: Pick<LoadedConfig['config'], 'pipelineRoot' | 'storage'>;
};

/** One store for every `file://` URI: rooted at `/`, so a URI's key is its absolute path without the slash. */
const LOCAL_FILES = new FileObjectStore('/');

/**
 * The object stores of one configuration: `file://` URIs are local files; `s3://` and `minio://`
 * URIs go to the first provider that matches (scheme, bucket, key prefix), one S3 client per
 * provider and bucket. There is no default endpoint: a URI no provider serves fails with
 * SKIFF_STORAGE_NO_PROVIDER naming the key to set and where the root came from.
 */
export class ProviderStores {
  readonly #loaded: StorageSettings;
  readonly #onRetry: ((event: S3RetryEvent) => void) | undefined;
  readonly #stores = new Map<string, LazyS3ObjectStore>();

  constructor(loaded: StorageSettings, options: { readonly onRetry?: (event: S3RetryEvent) => void } = {}) {
    this.#loaded = loaded;
    this.#onRetry = options.onRetry;
  }

  /** The store holding `uri` (the launcher's StoreFor); its root is the URI's bucket. */
  storeFor = (uri: string): ObjectStore => {
    const location = this.resolve(uri);
    if (location.settings === null) return LOCAL_FILES;
    const provider = location.storage.provider!;
    const cacheKey = `${provider.source}|${provider.scheme}|${location.settings.bucket}`;
    let store = this.#stores.get(cacheKey);
    if (store === undefined) {
      // Runs check their root before any task (the storage gate), so a refused connection is an outage.
      // The AWS SDK loads on the store's first call, not with Skiff.
      store = new LazyS3ObjectStore({ ...location.settings, endpointVerified: true });
      this.#stores.set(cacheKey, store);
    }
    return store;
  };

  /** {@link resolve} for a run's pipeline root, first checked to be one (checkPipelineRootUri). */
  resolveRoot(uri: string, uriSource = this.sourceOf(uri)): ResolvedLocation {
    checkPipelineRootUri(uri, uriSource);
    return this.resolve(uri, uriSource);
  }

  /**
   * Resolve `uri` to its provider and settings. `uriSource` says where the URI came from (for
   * messages); by default the source of `pipelineRoot` when the URI is under it.
   */
  resolve(uri: string, uriSource = this.sourceOf(uri)): ResolvedLocation {
    const parsed = parseStorageUri(uri);
    if (parsed.scheme === 'file') {
      return {
        uri,
        settings: null,
        storage: { pipelineRoot: uri, pipelineRootSource: uriSource, provider: null },
      };
    }
    const { providers } = this.#loaded.storage;
    const match = matchProvider(uri, providers);
    if (match === undefined) throw noProvider(uri, uriSource, parsed.scheme, providers);
    const { provider } = match;
    const where = `storage provider ${scopeOf(provider)} (from ${provider.source})`;
    if (provider.endpoint === undefined && provider.scheme !== 's3') {
      throw new SkiffError('SKIFF_CONFIG_INVALID', `${where} serves ${uri} but has no endpoint`, {
        fix: `Set its endpoint (host:port of the ${provider.scheme} server), e.g. MINIO_HOST and MINIO_PORT or storage.providers[].endpoint.`,
        location: 'storage.providers',
      });
    }
    if (provider.credentials === undefined) {
      const note = provider.credentialsNote ? ` (${provider.credentialsNote})` : '';
      throw new SkiffError(
        'SKIFF_STORAGE_CREDENTIALS',
        `${where} serves ${uri} but has no credentials${note}`,
        {
          fix: 'Give the provider credentials: { accessKeyId, secretAccessKey }, { file: PATH }, or { fromEnv: true } with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (for KFP env aliases: MINIO_ACCESS_KEY and MINIO_SECRET_KEY).',
          location: 'storage.providers',
        },
      );
    }
    const endpoint =
      provider.endpoint === undefined
        ? undefined
        : normalizeS3Endpoint(provider.endpoint, provider.secure ?? true);
    const region = provider.region ?? DEFAULT_S3_REGION;
    const forcePathStyle = provider.forcePathStyle ?? endpoint !== undefined;
    const { retry } = this.#loaded.config.storage;
    const settings: S3StoreSettings = {
      rootUri: `${parsed.scheme}://${parsed.bucket}`,
      bucket: parsed.bucket,
      prefix: '',
      ...(endpoint ? { endpoint: endpoint.url } : {}),
      secure: endpoint?.secure ?? true,
      region,
      forcePathStyle,
      credentials: provider.credentials,
      retry: { maxAttempts: retry.maxAttempts, budgetMs: retry.budgetSeconds * 1000 },
      ...(this.#onRetry ? { onRetry: this.#onRetry } : {}),
    };
    const recorded: RunStorageProvider = {
      scheme: provider.scheme,
      bucket: parsed.bucket,
      endpoint: endpoint?.url ?? `AWS S3 (${region})`,
      secure: endpoint?.secure ?? true,
      forcePathStyle,
      region,
      credentials: provider.credentials.kind,
      source: provider.source,
      fieldSources: { ...provider.fieldSources },
    };
    return {
      uri,
      settings,
      storage: { pipelineRoot: uri, pipelineRootSource: uriSource, provider: recorded },
    };
  }

  /** Where `uri` came from: `pipelineRoot`'s source when it is that root, else the pipeline spec. */
  sourceOf(uri: string): string {
    const { config, sources } = this.#loaded;
    if (uri === config.pipelineRoot) return sources.get('pipelineRoot') ?? 'default';
    return 'the pipeline spec (defaultPipelineRoot) or an upstream artifact';
  }

  /** Close every S3 client. */
  close(): void {
    for (const store of this.#stores.values()) store.close();
    this.#stores.clear();
  }
}

function noProvider(
  uri: string,
  uriSource: string,
  scheme: string,
  providers: readonly StorageProvider[],
): SkiffError {
  const known =
    providers.length === 0
      ? 'no storage providers are configured'
      : `configured providers serve ${providers.map((p) => `${scopeOf(p)} (from ${p.source})`).join(', ')}`;
  const supported = scheme === 's3' || scheme === 'minio';
  return new SkiffError(
    'SKIFF_STORAGE_NO_PROVIDER',
    `${JSON.stringify(uri)} (set in ${uriSource}) has no storage provider: ${known}`,
    {
      fix: supported
        ? `Add storage.providers with scheme "${scheme}" and its endpoint and credentials (or pass a kfp-launcher ConfigMap with --kfp-launcher, or set MINIO_HOST/MINIO_PORT/MINIO_ACCESS_KEY/MINIO_SECRET_KEY), or use a file:// pipeline root.`
        : `Skiff serves file://, s3:// and minio:// locations; ${scheme}:// is not supported here. Use one of those, or run the pipeline where ${scheme}:// storage is mounted.`,
      location: 'storage.providers',
    },
  );
}
