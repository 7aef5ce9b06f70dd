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
import { checkObjectKey } from '../object-key.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../object-store.js';
import { filesUnder, forEachLimited, isLocalFileError, tempBeside } from './local-files.js';
import { connectS3, type S3Connection } from './s3-client.js';
import { classifyS3Error, describeS3Cause, type S3CallContext, type S3Failure } from './s3-errors.js';
import { hostAndPort, speaksTls } from './s3-network.js';
import { retryTransient } from './s3-retry.js';
import { DEFAULT_S3_RETRY, type S3StoreSettings } from './s3-settings.js';

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
 */
export class S3ObjectStore implements ObjectStore {
  readonly rootUri: string;
  private readonly settings: S3StoreSettings;
  private readonly connection: S3Connection;
  private reached = false;

  constructor(settings: S3StoreSettings) {
    this.settings = settings;
    this.rootUri = settings.rootUri.replace(/\/+$/, '');
    this.connection = connectS3(settings);
  }

  /** Close the client's sockets; the store cannot be used afterwards. */
  close(): void {
    this.connection.client.destroy();
  }

  async put(key: string, body: Readable | Uint8Array | string): Promise<void> {
    const Key = this.objectKey(key);
    if (body instanceof Readable) {
      await this.call('put', key, false, () => this.upload(Key, body));
    } else {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      await this.call('put', key, true, () =>
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
    return this.call('get', key, true, async () => {
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
      const page = await this.call('list', prefix, true, () =>
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
      await this.call('exists', key, true, () =>
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
      await this.call('delete', key, true, () =>
        this.connection.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key })),
      );
    } catch (error) {
      if (!(isSkiffError(error) && error.code === 'SKIFF_STORAGE_NOT_FOUND')) throw error;
    }
  }

  /** Upload a file as one object at `key`, or a directory as one object per file at `key/<relative path>`. */
  async putPath(key: string, localPath: string): Promise<void> {
    const Key = this.objectKey(key);
    const stat = await this.local('putPath', key, () => fs.stat(localPath));
    if (!stat.isDirectory()) {
      await this.call('putPath', key, true, () => this.upload(Key, createReadStream(localPath)));
      return;
    }
    const files = await this.local('putPath', key, () => filesUnder(localPath));
    await forEachLimited(files, FILE_CONCURRENCY, (relative) =>
      this.call('putPath', `${key}/${relative}`, true, () =>
        this.upload(`${Key}/${relative}`, createReadStream(path.join(localPath, relative))),
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
    await this.local('getPath', key, () => fs.mkdir(path.dirname(path.resolve(file)), { recursive: true }));
    await this.call('getPath', key, true, async () => {
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

  private context(operation: string, key: string): S3CallContext {
    return {
      operation,
      uri: key === '' ? this.rootUri : `${this.rootUri}/${key}`,
      endpoint: this.connection.endpointLabel,
      bucket: this.settings.bucket,
    };
  }

  private notFound(operation: string, key: string): SkiffError {
    const where = this.context(operation, key);
    const what =
      operation === 'getPath' ? `no object "${key}" and no objects under "${key}/"` : 'no such object';
    return new SkiffError(
      'SKIFF_STORAGE_NOT_FOUND',
      `${operation} ${where.uri} at ${where.endpoint}: ${what}`,
    );
  }

  /** Run a local file-system step, reporting failures as SKIFF_STORAGE_IO naming the object. */
  private async local<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw (await this.classify(error, operation, key)).error;
    }
  }

  /** One store call with transient-error retry (see the class comment). */
  private call<T>(operation: string, key: string, replayable: boolean, action: () => Promise<T>): Promise<T> {
    const retry = this.settings.retry ?? DEFAULT_S3_RETRY;
    const where = this.context(operation, key);
    return retryTransient(
      {
        ...retry,
        replayable,
        classify: (error) => this.classify(error, operation, key),
        exhausted: (attempts, elapsedMs, last) =>
          new SkiffError(
            'SKIFF_STORAGE_IO',
            `${operation} ${where.uri} at ${where.endpoint} failed after ${attempts} attempts in ${elapsedMs} ms ` +
              `(retry budget ${retry.maxAttempts} attempts / ${retry.budgetMs} ms); last error: ${describeS3Cause(last.error.cause ?? last.error)}`,
            { cause: last.error },
          ),
        onRetry: (attempt, delayMs, error) =>
          this.settings.onRetry?.({ operation, key, attempt, delayMs, error }),
      },
      async () => {
        const result = await action();
        this.reached = true;
        return result;
      },
    );
  }

  private async classify(error: unknown, operation: string, key: string): Promise<S3Failure> {
    const where = this.context(operation, key);
    if (isLocalFileError(error)) {
      const message = `${operation} ${where.uri}: local file ${error.path}: ${error.message}`;
      return {
        error: new SkiffError('SKIFF_STORAGE_IO', message, { cause: error }),
        transient: false,
        network: false,
      };
    }
    const failure = classifyS3Error(error, where);
    if (!failure.network) {
      this.reached = true;
      return failure;
    }
    if (this.reached || (failure.error.code === 'SKIFF_STORAGE_IO' && /aborted/.test(failure.error.message)))
      return failure;
    return { ...failure, transient: false, error: await this.firstContactError(failure, where) };
  }

  /** A network failure before the endpoint ever answered: a wrong endpoint, or https spoken as http. */
  private async firstContactError(failure: S3Failure, where: S3CallContext): Promise<SkiffError> {
    if (failure.error.code !== 'SKIFF_STORAGE_IO') return failure.error;
    const endpoint = this.connection.endpoint;
    const cause = describeS3Cause(failure.error.cause);
    const prefix = `${where.operation} ${where.uri} at ${where.endpoint}`;
    if (endpoint !== undefined && !endpoint.secure) {
      const { host, port } = hostAndPort(endpoint.url);
      if (await speaksTls(host, port, 2_000)) {
        return new SkiffError(
          'SKIFF_STORAGE_TLS',
          `${prefix}: the endpoint speaks TLS but is configured as plain http (${cause})`,
          {
            fix: `Use https://${endpoint.url.slice('http://'.length)} (or secure: true) for this endpoint.`,
            cause: failure.error,
          },
        );
      }
    }
    return new SkiffError(
      'SKIFF_STORAGE_UNREACHABLE',
      `${prefix}: the server closed the connection without answering (${cause})`,
      {
        cause: failure.error,
      },
    );
  }
}
