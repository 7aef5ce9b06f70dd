import type { Readable } from 'node:stream';
import type { ByteRange, ObjectInfo, ObjectStore } from '../object-store.js';
import type { S3ObjectStore } from './s3-object-store.js';
import type { S3StoreSettings } from './s3-settings.js';

/**
 * An S3ObjectStore made on first use: its module, and the AWS SDK under it, load only then. Runs
 * and commands that never reach S3 start without them (compiling and evaluating the SDK was a
 * large part of every `skiff` start-up).
 */
export class LazyS3ObjectStore implements ObjectStore {
  readonly rootUri: string;
  readonly #settings: S3StoreSettings;
  #store: Promise<S3ObjectStore> | undefined;

  /** The store `new S3ObjectStore(settings)` would be. */
  constructor(settings: S3StoreSettings) {
    this.#settings = settings;
    this.rootUri = settings.rootUri.replace(/\/+$/, '');
  }

  #load(): Promise<S3ObjectStore> {
    this.#store ??= import('./s3-object-store.js').then(
      ({ S3ObjectStore }) => new S3ObjectStore(this.#settings),
    );
    return this.#store;
  }

  async put(key: string, body: Readable | Uint8Array | string): Promise<void> {
    return (await this.#load()).put(key, body);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    return (await this.#load()).get(key, range);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    yield* (await this.#load()).list(prefix);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#load()).exists(key);
  }

  async delete(key: string): Promise<void> {
    return (await this.#load()).delete(key);
  }

  async putPath(key: string, localPath: string): Promise<void> {
    return (await this.#load()).putPath(key, localPath);
  }

  async getPath(key: string, localPath: string): Promise<void> {
    return (await this.#load()).getPath(key, localPath);
  }

  /** Close the client's sockets, if it was ever made; the store cannot be used afterwards. */
  close(): void {
    this.#store?.then(
      (store) => store.close(),
      () => {},
    );
  }
}
