export { FileObjectStore, type PutPathOptions } from './file/file-object-store.js';
export { probeFileRoot } from './file/probe-file-root.js';
export { type CheckObjectKeyOptions, checkObjectKey, joinObjectKey } from './object-key.js';
export type { ByteRange, ObjectInfo, ObjectStore } from './object-store.js';
// The contract suite is test-only: import it from './object-store.contract.js'.
export { openUri, type StoreLookup, sizeOfUri } from './open-uri.js';
export { ProviderStores, type ResolvedLocation, type StorageSettings } from './provider-stores.js';
// S3ObjectStore and probeS3 load the AWS SDK: import them from './s3/index.js' (or load them on
// demand, as ProviderStores and the storage gate do) so that not every `skiff` start-up pays for it.
export type { S3ProbeResult, S3ProbeStep } from './s3/index.js';
export { normalizeS3Endpoint, type S3Endpoint } from './s3/s3-endpoint.js';
export {
  DEFAULT_S3_REGION,
  DEFAULT_S3_RETRY,
  DEFAULT_S3_TIMEOUTS,
  type S3Credentials,
  type S3RetryEvent,
  type S3StoreSettings,
} from './s3/s3-settings.js';
export { providerStorageGate } from './storage-gate.js';
export {
  checkPipelineRootUri,
  fileUriToPath,
  isUnderUri,
  keyUnderRoot,
  parseStorageUri,
  pathToFileUri,
  type StorageUri,
} from './uri.js';
