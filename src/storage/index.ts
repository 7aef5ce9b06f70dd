export { FileObjectStore, type PutPathOptions } from './file/file-object-store.js';
export { type CheckObjectKeyOptions, checkObjectKey, joinObjectKey } from './object-key.js';
export type { ByteRange, ObjectInfo, ObjectStore } from './object-store.js';
// The contract suite is test-only: import it from './object-store.contract.js'.
export { storeForUri } from './store-for-uri.js';
export {
  fileUriToPath,
  isUnderUri,
  keyUnderRoot,
  parseStorageUri,
  pathToFileUri,
  type StorageUri,
} from './uri.js';
