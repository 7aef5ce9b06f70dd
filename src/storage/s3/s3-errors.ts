import { type ErrorCode, isSkiffError, SkiffError } from '../../errors/index.js';

/** Where a failed S3 call was going: for messages. */
export interface S3CallContext {
  /** The store operation, e.g. `put`, `list`, `probe`. */
  readonly operation: string;
  /** The object or prefix URI, e.g. `s3://bucket/prefix/key`. */
  readonly uri: string;
  /** The endpoint URL, or `AWS S3 (region)` when none is configured. */
  readonly endpoint: string;
  readonly bucket: string;
}

/** A classified failure of one S3 call. */
export interface S3Failure {
  readonly error: SkiffError;
  /** Worth retrying inside the store's budget (network blips, 5xx, throttling). */
  readonly transient: boolean;
  /** No HTTP answer came back (refused, reset, DNS, timeout, TLS): the server may never have been reached. */
  readonly network: boolean;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'EPROTO',
]);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_FAIL',
]);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const CREDENTIAL_NAMES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
  'AuthorizationHeaderMalformed',
  'InvalidSecurity',
]);
const THROTTLE_NAMES = new Set([
  'SlowDown',
  'RequestTimeout',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
]);

interface Raw {
  readonly name: string;
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
}

function raw(cause: unknown): Raw {
  const error = (cause ?? {}) as {
    name?: unknown;
    code?: unknown;
    Code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = error.$metadata?.httpStatusCode;
  return {
    name: typeof error.Code === 'string' ? error.Code : String(error.name ?? ''),
    code: typeof error.code === 'string' ? error.code : '',
    status: typeof status === 'number' ? status : undefined,
    message: String(error.message ?? cause).split('\n')[0] ?? '',
  };
}

/** A short description of the cause for messages: `connection refused (ECONNREFUSED)`, `403 AccessDenied: ...`. */
export function describeS3Cause(cause: unknown): string {
  if (isSkiffError(cause)) return `${cause.code}: ${cause.message}`;
  const r = raw(cause);
  const status = r.status === undefined ? '' : `HTTP ${r.status} `;
  const code = r.code !== '' && !r.message.includes(r.code) ? ` (${r.code})` : '';
  return `${status}${r.name && r.name !== 'Error' ? `${r.name}: ` : ''}${r.message}${code}`;
}

/** Classify an error thrown by the AWS SDK (or Node's network stack) for one call. */
export function classifyS3Error(cause: unknown, where: S3CallContext): S3Failure {
  if (isSkiffError(cause)) return { error: cause, transient: false, network: false };
  const r = raw(cause);
  const what = describeS3Cause(cause);
  const make = (code: ErrorCode, text: string, fix?: string) =>
    new SkiffError(code, `${where.operation} ${where.uri} at ${where.endpoint}: ${text} (${what})`, {
      cause,
      ...(fix === undefined ? {} : { fix }),
    });
  if (r.name === 'AbortError')
    return { error: make('SKIFF_STORAGE_IO', 'aborted'), transient: false, network: true };
  if (TLS_CODES.has(r.code) || /wrong version number|packet length too long|certificate/i.test(r.message)) {
    return { error: make('SKIFF_STORAGE_TLS', 'the TLS handshake failed'), transient: false, network: true };
  }
  const connectTimeout = r.name === 'TimeoutError' && /establish a connection/.test(r.message);
  if (CONNECT_CODES.has(r.code) || connectTimeout) {
    const dns = r.code.startsWith('EAI_') || r.code === 'ENOTFOUND';
    return {
      error: make('SKIFF_STORAGE_UNREACHABLE', dns ? 'the host name does not resolve' : 'cannot connect'),
      transient: r.code !== 'ENOTFOUND' && r.code !== 'EAI_FAIL',
      network: true,
    };
  }
  if (r.name === 'CredentialsProviderError') {
    const error = make('SKIFF_STORAGE_CREDENTIALS', 'no credentials were found');
    return { error, transient: false, network: true };
  }
  if (r.status === undefined) {
    const reset = RESET_CODES.has(r.code) || r.name === 'TimeoutError' || /socket hang up/i.test(r.message);
    return { error: make('SKIFF_STORAGE_IO', 'the connection failed'), transient: reset, network: true };
  }
  return { ...classifyHttp(r, where, make), network: false };
}

function classifyHttp(
  r: Raw,
  where: S3CallContext,
  make: (code: ErrorCode, text: string, fix?: string) => SkiffError,
): Omit<S3Failure, 'network'> {
  const status = r.status ?? 0;
  if (status >= 500 || status === 429 || THROTTLE_NAMES.has(r.name)) {
    return { error: make('SKIFF_STORAGE_IO', 'the server failed or is busy'), transient: true };
  }
  if (CREDENTIAL_NAMES.has(r.name)) {
    const fix =
      r.name === 'AuthorizationHeaderMalformed'
        ? 'Set the region of the storage provider to the region of the bucket.'
        : undefined;
    return {
      error: make('SKIFF_STORAGE_CREDENTIALS', 'the credentials were rejected', fix),
      transient: false,
    };
  }
  if (r.name === 'NoSuchBucket' || (status === 404 && where.operation === 'headBucket')) {
    return {
      error: make('SKIFF_STORAGE_NO_BUCKET', `bucket "${where.bucket}" does not exist`),
      transient: false,
    };
  }
  if (r.name === 'NoSuchKey' || status === 404) {
    return { error: make('SKIFF_STORAGE_NOT_FOUND', 'the object does not exist'), transient: false };
  }
  if (r.name === 'AccessDenied' || status === 403) {
    return { error: make('SKIFF_STORAGE_DENIED', 'access denied'), transient: false };
  }
  if (/Deserialization error|char '<' is not expected|Unexpected|not well-formed/i.test(r.message)) {
    return { error: make('SKIFF_STORAGE_NOT_S3', 'the answer is not S3 XML'), transient: false };
  }
  return { error: make('SKIFF_STORAGE_IO', `the request failed with HTTP ${status}`), transient: false };
}
