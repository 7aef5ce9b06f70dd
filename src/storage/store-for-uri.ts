import { SkiffError } from '../errors/index.js';
import { FileObjectStore } from './file/file-object-store.js';
import type { ObjectStore } from './object-store.js';
import { parseStorageUri } from './uri.js';

/** One store for every `file://` URI: rooted at `/`, so a URI's key is its absolute path without the slash. */
const LOCAL_FILES = new FileObjectStore('/');

/**
 * The store for a pipeline root or artifact URI: `file://` URIs are served by a FileObjectStore;
 * other schemes fail with SKIFF_STORAGE_NO_PROVIDER until their adapters are configured.
 */
export function storeForUri(uri: string): ObjectStore {
  const parsed = parseStorageUri(uri);
  if (parsed.scheme === 'file') return LOCAL_FILES;
  throw new SkiffError(
    'SKIFF_STORAGE_NO_PROVIDER',
    `no storage provider serves ${parsed.scheme}:// URIs such as ${uri}`,
    {
      fix: `Use a file:// pipeline root, or add a storage provider with scheme "${parsed.scheme}".`,
    },
  );
}
