import type { Readable } from 'node:stream';

/** One object in a listing. */
export interface ObjectInfo {
  /** Key relative to the store root. */
  readonly key: string;
  readonly sizeBytes: number;
}

/** Byte range for a partial read (inclusive start, exclusive end). */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

/**
 * The object store port. Keys are `/`-separated and relative to the store's root; keys that
 * escape it (`..` segments, leading `/`) are rejected with SKIFF_STORAGE_BAD_KEY.
 */
export interface ObjectStore {
  /** The URI of the store root, e.g. `file:///home/me/.skiff/artifacts` or `s3://bucket/prefix`. */
  readonly rootUri: string;
  /** Write an object from a stream, buffer or string (replaces any existing object). */
  put(key: string, body: Readable | Uint8Array | string): Promise<void>;
  /** Read an object as a stream; SKIFF_STORAGE_NOT_FOUND when it does not exist. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  exists(key: string): Promise<boolean>;
  /** Delete an object; deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Upload a local file or directory (recursively) under `key`. */
  putPath(key: string, localPath: string): Promise<void>;
  /** Download the object, or every object under `key/`, to a local file or directory. */
  getPath(key: string, localPath: string): Promise<void>;
  /** For stores backed by the local file system: the real path of a key (no copy needed). */
  localPath?(key: string): string;
}
