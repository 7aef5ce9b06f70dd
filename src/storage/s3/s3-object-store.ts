import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import { refuseLinksOutside } from '../../local-fs/index.js';
import { checkObjectKey } from '../object-key.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../object-store.js';
import { filesUnder, forEachLimited, tempBeside } from './local-files.js';
import { S3Calls } from './s3-calls.js';
import { connectS3, type S3Connection } from './s3-client.js';
import type { S3StoreSettings } from './s3-settings.js';

/** Multipart part size for streams and files; with {@link UPLOAD_QUEUE} parts in flight memory stays flat. */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
/** Parts uploaded concurrently per object. */
export const UPLOAD_QUEUE = 4;
/** Files of a directory transferred concurrently by putPath and getPath. */
const FILE_CONCURRENCY = 4;

/**
 * An ObjectStore over an S3-compatible service (AWS S3, MinIO, Ceph RGW, SeaweedFS). Keys live
 * under `settings.prefix` in `settings.bucket`. Transient failures (network, 5xx, throttling) are
 * retried with jittered backoff within `settings.retry`; bodies that can be sent again (buffers,
 * strings, local files) are retried whole, a caller's stream given to put() is sent once.
 * Until the endpoint has answered once, connection failures are not retried: a store that never
 * reached its endpoint reports SKIFF_STORAGE_UNREACHABLE (or SKIFF_STORAGE_TLS) at once.
 * get() retries until the response starts; an error while its stream is read is the stream's.
 */
export class S3ObjectStore implements ObjectStore {
  readonly rootUri: string;
  private readonly settings: S3StoreSettings;
  private readonly connection: S3Connection;
  private readonly calls: S3Calls;

  constructor(settings: S3StoreSettings) {
    this.settings = settings;
    this.rootUri = settings.rootUri.replace(/\/+$/, '');
    this.connection = connectS3(settings);
    this.calls = new S3Calls(settings, this.connection, this.rootUri);
  }

  /** Close the client's sockets; the store cannot be used afterwards. */
  close(): void {
    this.connection.client.destroy();
  }

  /**
   * List at most one key under the store root: checks the endpoint, the credentials, the bucket
   * and list permission in one request (used by the preflight probe).
   */
  async checkBucket(): Promise<void> {
    const Prefix = this.settings.prefix === '' ? '' : `${this.settings.prefix}/`;
    await this.calls.run('checkBucket', '', true, () =>
      this.connection.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix, MaxKeys: 1000 }),
      ),
    );
  }

  async put(key: string, body: Readable | Uint8Array | string): Promise<void> {
    const Key = this.objectKey(key);
    if (body instanceof Readable) {
      await this.calls.run('put', key, false, () => this.upload(Key, body));
    } else {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      await this.calls.run('put', key, true, () =>
        this.connection.client.send(
          new PutObjectCommand({
            Bucket: this.settings.bucket,
            Key,
            Body: bytes,
            ContentLength: bytes.byteLength,
          }),
        ),
      );
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const Key = this.objectKey(key);
    if (range?.end !== undefined && range.end <= range.start) {
      if (!(await this.exists(key))) throw this.notFound('get', key);
      return Readable.from([]);
    }
    const Range =
      range === undefined
        ? undefined
        : `bytes=${range.start}-${range.end === undefined ? '' : range.end - 1}`;
    return this.calls.run('get', key, true, async () => {
      try {
        const out = await this.connection.client.send(
          new GetObjectCommand({
            Bucket: this.settings.bucket,
            Key,
            ...(Range === undefined ? {} : { Range }),
          }),
        );
        return out.Body as Readable;
      } catch (error) {
        // A range that starts past the end reads nothing, as in the file store.
        if ((error as { name?: string }).name === 'InvalidRange') return Readable.from([]);
        throw error;
      }
    });
  }

  /**
   * Pages of ListObjectsV2. Each page is sorted by UTF-8 bytes, S3's key order, because some
   * servers (s3rver) return file-system order.
   */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    checkObjectKey(prefix, { allowEmpty: true });
    const base = this.settings.prefix === '' ? '' : `${this.settings.prefix}/`;
    let token: string | undefined;
    do {
      const page = await this.calls.run('list', prefix, true, () =>
        this.connection.client.send(
          new ListObjectsV2Command({
            Bucket: this.settings.bucket,
            Prefix: base + prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        ),
      );
      const items = (page.Contents ?? []).filter((item) => item.Key?.startsWith(base));
      items.sort((a, b) => Buffer.compare(Buffer.from(a.Key ?? ''), Buffer.from(b.Key ?? '')));
      for (const item of items) yield { key: (item.Key ?? '').slice(base.length), sizeBytes: item.Size ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async exists(key: string): Promise<boolean> {
    const Key = this.objectKey(key);
    try {
      await this.calls.run('exists', key, true, () =>
        this.connection.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key })),
      );
      return true;
    } catch (error) {
      if (isSkiffError(error) && error.code === 'SKIFF_STORAGE_NOT_FOUND') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.calls.run('delete', key, true, () =>
        this.connection.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key })),
      );
    } catch (error) {
      if (!(isSkiffError(error) && error.code === 'SKIFF_STORAGE_NOT_FOUND')) throw error;
    }
  }

  /** Upload a file as one object at `key`, or a directory as one object per file at `key/<relative path>`. */
  async putPath(key: string, localPath: string): Promise<void> {
    const Key = this.objectKey(key);
    // A link out of the tree would upload files of this machine (the link to /etc/shadow's content).
    await refuseLinksOutside(localPath, `object "${key}" under ${this.rootUri}`);
    const stat = await this.calls.local('putPath', key, () => fs.stat(localPath));
    if (!stat.isDirectory()) {
      await this.calls.run('putPath', key, true, () => this.upload(Key, createReadStream(localPath)));
      return;
    }
    const files = await this.calls.local('putPath', key, () => filesUnder(localPath));
    await forEachLimited(files, FILE_CONCURRENCY, (relative) =>
      this.calls.run('putPath', `${key}/${relative}`, true, () =>
        this.upload(this.objectKey(`${key}/${relative}`), createReadStream(path.join(localPath, relative))),
      ),
    );
    // The directory replaces what was there: a file object at `key` and files no longer present.
    await this.delete(key);
    const kept = new Set(files.map((relative) => `${key}/${relative}`));
    for await (const info of this.list(`${key}/`)) if (!kept.has(info.key)) await this.delete(info.key);
  }

  /** Download the object at `key` to a file, or else every object under `key/` into a directory. */
  async getPath(key: string, localPath: string): Promise<void> {
    const Key = this.objectKey(key);
    if (await this.exists(key)) {
      await this.download(key, Key, localPath);
      return;
    }
    const relatives: string[] = [];
    for await (const info of this.list(`${key}/`)) {
      const relative = info.key.slice(key.length + 1);
      if (relative !== '' && !relative.endsWith('/')) relatives.push(checkObjectKey(relative));
    }
    if (relatives.length === 0) throw this.notFound('getPath', key);
    await forEachLimited(relatives, FILE_CONCURRENCY, (relative) =>
      this.download(`${key}/${relative}`, `${Key}/${relative}`, path.join(localPath, ...relative.split('/'))),
    );
  }

  private async download(key: string, Key: string, file: string): Promise<void> {
    await this.calls.local('getPath', key, () =>
      fs.mkdir(path.dirname(path.resolve(file)), { recursive: true }),
    );
    await this.calls.run('getPath', key, true, async () => {
      const temp = tempBeside(file);
      try {
        const out = await this.connection.client.send(
          new GetObjectCommand({ Bucket: this.settings.bucket, Key }),
        );
        await pipeline(out.Body as Readable, createWriteStream(temp));
        await fs.rename(temp, file);
      } finally {
        await fs.rm(temp, { force: true });
      }
    });
  }

  private async upload(Key: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.connection.client,
      params: { Bucket: this.settings.bucket, Key, Body: body },
      partSize: UPLOAD_PART_BYTES,
      queueSize: UPLOAD_QUEUE,
    });
    try {
      await upload.done();
    } finally {
      body.destroy();
    }
  }

  private objectKey(key: string): string {
    checkObjectKey(key);
    return this.settings.prefix === '' ? key : `${this.settings.prefix}/${key}`;
  }

  private notFound(operation: string, key: string): SkiffError {
    const where = this.calls.context(operation, key);
    const what =
      operation === 'getPath' ? `no object "${key}" and no objects under "${key}/"` : 'no such object';
    return new SkiffError(
      'SKIFF_STORAGE_NOT_FOUND',
      `${operation} ${where.uri} at ${where.endpoint}: ${what}`,
    );
  }
}
