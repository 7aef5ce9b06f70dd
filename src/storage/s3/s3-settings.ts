import type { SkiffError } from '../../errors/index.js';

/** Credentials for an S3-compatible service. */
export type S3Credentials =
  | {
      readonly kind: 'keys';
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly sessionToken?: string;
    }
  /** An AWS shared-credentials INI file and the profile (section) to read from it. */
  | { readonly kind: 'file'; readonly file: string; readonly profile: string }
  /** The AWS SDK default provider chain (env, shared files, SSO, container and instance metadata). */
  | { readonly kind: 'default-chain' };

/** What a retry of a transient failure reports before it waits (for logs). */
export interface S3RetryEvent {
  /** The store operation, e.g. `put`, `getPath`. */
  readonly operation: string;
  /** The object key relative to the store root. */
  readonly key: string;
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  /** How long the store waits before the next attempt. */
  readonly delayMs: number;
  readonly error: SkiffError;
}

/** How to reach one S3-compatible service and where the store lives in it. */
export interface S3StoreSettings {
  /** The store root, `scheme://bucket[/prefix]`, e.g. `minio://mlpipeline/v2`; used in messages and listings. */
  readonly rootUri: string;
  readonly bucket: string;
  /** Key prefix inside the bucket (`''` or `v2`), without leading or trailing `/`. */
  readonly prefix: string;
  /**
   * `host`, `host:port`, `[::1]:9000`, `http://host:port` or `https://host`; absent = AWS's
   * regional endpoint. A scheme in the endpoint wins over `secure`.
   */
  readonly endpoint?: string;
  /** TLS when the endpoint has no scheme; default true. */
  readonly secure?: boolean;
  /** Signing region; default `us-east-1`. */
  readonly region?: string;
  /** Path-style addressing (`host/bucket/key`); default true when an endpoint is given, false for AWS. */
  readonly forcePathStyle?: boolean;
  readonly credentials: S3Credentials;
  /** Transient-error retry inside one store call; default 10 attempts within 30000 ms. */
  readonly retry?: { readonly maxAttempts: number; readonly budgetMs: number };
  /** Connect timeout and socket idle timeout; default 3000 ms and 60000 ms. */
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number };
  /**
   * True when the endpoint was checked before this store is used (the storage gate probes it
   * before a run's first task): connection failures are then outages, retried from the first call.
   * Otherwise a store that never reached its endpoint reports it as unreachable at once.
   */
  readonly endpointVerified?: boolean;
  /** Called before each retry of a transient failure (for logs). */
  readonly onRetry?: (event: S3RetryEvent) => void;
}

/** Default transient-error retry: attempts per store call and the time budget for all of them. */
export const DEFAULT_S3_RETRY = { maxAttempts: 10, budgetMs: 30_000 } as const;
/** Default timeouts: TCP connect and socket inactivity. */
export const DEFAULT_S3_TIMEOUTS = { connectMs: 3_000, requestMs: 60_000 } as const;
/** Default signing region. */
export const DEFAULT_S3_REGION = 'us-east-1';
