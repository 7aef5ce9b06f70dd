export { FileObjectStore, type PutPathOptions } from './file/file-object-store.js';
export { type CheckObjectKeyOptions, checkObjectKey, joinObjectKey } from './object-key.js';
export type { ByteRange, ObjectInfo, ObjectStore } from './object-store.js';
// The contract suite is test-only: import it from './object-store.contract.js'.
export { openUri, type StoreLookup, sizeOfUri } from './open-uri.js';
export { ProviderStores, type ResolvedLocation } from './provider-stores.js';
export {
  DEFAULT_S3_REGION,
  DEFAULT_S3_RETRY,
  DEFAULT_S3_TIMEOUTS,
  normalizeS3Endpoint,
  probeS3,
  type S3Credentials,
  type S3Endpoint,
  S3ObjectStore,
  type S3ProbeResult,
  type S3ProbeStep,
  type S3RetryEvent,
  type S3StoreSettings,
} from './s3/index.js';
export { providerStorageGate } from './storage-gate.js';
export {
  fileUriToPath,
  isUnderUri,
  keyUnderRoot,
  parseStorageUri,
  pathToFileUri,
  type StorageUri,
} from './uri.js';
