export { resolveCredentialKeys } from './s3-client.js';
export { normalizeS3Endpoint, type S3Endpoint } from './s3-endpoint.js';
export { S3ObjectStore, UPLOAD_PART_BYTES, UPLOAD_QUEUE } from './s3-object-store.js';
export { probeS3, type S3ProbeResult, type S3ProbeStep } from './s3-probe.js';
export {
  DEFAULT_S3_REGION,
  DEFAULT_S3_RETRY,
  DEFAULT_S3_TIMEOUTS,
  type S3Credentials,
  type S3RetryEvent,
  type S3StoreSettings,
} from './s3-settings.js';
