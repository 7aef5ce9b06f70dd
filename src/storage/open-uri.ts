import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from './object-store.js';
import { keyUnderRoot } from './uri.js';

/** Finds the store of a URI (ProviderStores.storeFor). */
export type StoreLookup = (uri: string) => ObjectStore;

/** A local path for a bare path or `file://` URI; undefined for a remote URI. */
function localPathOf(uri: string): string | undefined {
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? undefined : uri;
}

/** The size in bytes of the file or object at `uri`; undefined when there is none. */
export async function sizeOfUri(uri: string, storeFor: StoreLookup): Promise<number | undefined> {
  const local = localPathOf(uri);
  if (local !== undefined) {
    // lstat: a link put in place of a file (a log swapped for /etc/passwd) is not a file here.
    const stat = await fs.lstat(local).catch(() => undefined);
    return stat?.isFile() ? stat.size : undefined;
  }
  const store = storeFor(uri);
  const key = keyUnderRoot(uri, store.rootUri);
  for await (const info of store.list(key)) if (info.key === key) return info.sizeBytes;
  return undefined;
}

/**
 * Read the file or object at `uri` (a local file only if it is not a symbolic link) (an attempt's live log is a local path, a stored one a URI under
 * the pipeline root) from byte `start` up to `end` (exclusive), as a stream.
 */
export async function openUri(
  uri: string,
  storeFor: StoreLookup,
  start = 0,
  end?: number,
): Promise<Readable> {
  const local = localPathOf(uri);
  if (local !== undefined) {
    // O_NOFOLLOW: never read through a link in place of the file (ELOOP instead).
    const handle = await fs.open(local, constants.O_RDONLY | constants.O_NOFOLLOW);
    return handle.createReadStream({ start, ...(end !== undefined ? { end: end - 1 } : {}) });
  }
  const store = storeFor(uri);
  return store.get(keyUnderRoot(uri, store.rootUri), { start, ...(end !== undefined ? { end } : {}) });
}
