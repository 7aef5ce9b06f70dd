import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isSkiffError, SkiffError } from '../../errors/index.js';
import { diskFullError, isDiskFull, refuseLinksOutside } from '../../local-fs/index.js';
import { checkObjectKey } from '../object-key.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../object-store.js';
import { fileUriToPath, pathToFileUri } from '../uri.js';

/** Prefix of in-progress writes; listings skip them so readers never see partial objects. */
const TEMP_PREFIX = '.skiff-tmp-';

/** Options for {@link FileObjectStore.putPath}. */
export interface PutPathOptions {
  /** Move the local file or directory instead of copying it (falls back to a copy across file systems). */
  readonly move?: boolean;
}

/** An ObjectStore over a local directory: keys are relative paths under `rootDir`. */
export class FileObjectStore implements ObjectStore {
  /** `file://` URI of the root directory. */
  readonly rootUri: string;
  /** Absolute root directory. */
  readonly rootDir: string;

  /** Create a store over `rootDir` (created on first write). */
  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
    this.rootUri = pathToFileUri(this.rootDir);
  }

  /** The real path of a key (no copy needed). */
  localPath(key: string): string {
    return path.join(this.rootDir, checkObjectKey(key));
  }

  async put(key: string, body: Readable | Uint8Array | string): Promise<void> {
    const target = this.localPath(key);
    await this.io('write', key, async () => {
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = tempSibling(target);
      try {
        if (body instanceof Readable) await pipeline(body, createWriteStream(temp));
        else await fs.writeFile(temp, body);
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
    });
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const source = this.localPath(key);
    const stat = await this.statOrNull(key, source);
    if (stat === null || !stat.isFile()) throw notFound(key, this.rootUri);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? stat.size, stat.size);
    if (end <= start) return Readable.from([]);
    return createReadStream(source, { start, end: end - 1 });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    checkObjectKey(prefix, { allowEmpty: true });
    const lastSlash = prefix.lastIndexOf('/');
    const baseKey = lastSlash < 0 ? '' : prefix.slice(0, lastSlash);
    const found: ObjectInfo[] = [];
    await this.io('list', prefix, () => this.walk(baseKey, prefix, found));
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    yield* found;
  }

  async exists(key: string): Promise<boolean> {
    const stat = await this.statOrNull(key, this.localPath(key));
    return stat?.isFile() ?? false;
  }

  async delete(key: string): Promise<void> {
    const target = this.localPath(key);
    await this.io('delete', key, () => fs.rm(target, { recursive: true, force: true }));
  }

  async putPath(key: string, localPath: string, options: PutPathOptions = {}): Promise<void> {
    const target = this.localPath(key);
    await refuseLinksOutside(localPath, `object "${key}" under ${this.rootUri}`);
    await this.io('upload', key, async () => {
      const stat = await fs.stat(localPath);
      await fs.mkdir(path.dirname(target), { recursive: true });
      if (options.move && (await tryRename(localPath, target))) return;
      const temp = tempSibling(target);
      try {
        // Links stay as written (relative ones inside the tree stay inside).
        if (stat.isDirectory()) await fs.cp(localPath, temp, { recursive: true, verbatimSymlinks: true });
        else await fs.copyFile(localPath, temp);
        await replace(temp, target);
      } catch (error) {
        await fs.rm(temp, { recursive: true, force: true });
        throw error;
      }
      if (options.move) await fs.rm(localPath, { recursive: true, force: true });
    });
  }

  async getPath(key: string, localPath: string): Promise<void> {
    const source = this.localPath(key);
    const stat = await this.statOrNull(key, source);
    if (stat === null) throw notFound(key, this.rootUri);
    await this.io('download', key, async () => {
      await fs.mkdir(path.dirname(path.resolve(localPath)), { recursive: true });
      if (stat.isDirectory()) {
        await fs.cp(source, localPath, {
          recursive: true,
          filter: (from) => !path.basename(from).startsWith(TEMP_PREFIX),
        });
      } else {
        await fs.copyFile(source, localPath);
      }
    });
  }

  private async walk(dirKey: string, prefix: string, found: ObjectInfo[]): Promise<void> {
    const dir = dirKey === '' ? this.rootDir : path.join(this.rootDir, dirKey);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      const key = dirKey === '' ? entry.name : `${dirKey}/${entry.name}`;
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await this.walk(key, prefix, found);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const stat = await fs.stat(path.join(dir, entry.name));
        found.push({ key, sizeBytes: stat.size });
      }
    }
  }

  private async statOrNull(key: string, file: string): Promise<import('node:fs').Stats | null> {
    try {
      return await fs.stat(file);
    } catch (error) {
      if (isMissing(error)) return null;
      throw ioError('read', key, this.rootUri, error);
    }
  }

  private async io<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (isSkiffError(error)) throw error;
      if (operation === 'download' && isMissing(error)) throw notFound(key, this.rootUri, error);
      throw ioError(operation, key, this.rootUri, error);
    }
  }
}

function tempSibling(target: string): string {
  return path.join(path.dirname(target), `${TEMP_PREFIX}${randomUUID()}`);
}

/** Rename `from` over `to`, removing whatever `to` was first (a directory cannot be renamed over). */
async function replace(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'ENOTEMPTY' && code !== 'ENOTDIR' && code !== 'EEXIST') throw error;
    await fs.rm(to, { recursive: true, force: true });
    await fs.rename(from, to);
  }
}

async function tryRename(from: string, to: string): Promise<boolean> {
  try {
    await fs.rm(to, { recursive: true, force: true });
    await fs.rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function notFound(key: string, rootUri: string, cause?: unknown): SkiffError {
  return new SkiffError('SKIFF_STORAGE_NOT_FOUND', `object "${key}" does not exist under ${rootUri}`, {
    cause,
  });
}

function ioError(operation: string, key: string, rootUri: string, cause: unknown): SkiffError {
  if (isDiskFull(cause)) {
    const file = (cause as NodeJS.ErrnoException).path ?? fileUriToPath(rootUri);
    return diskFullError(file, `${operation} object "${key}" under ${rootUri}`, cause);
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SkiffError(
    'SKIFF_STORAGE_IO',
    `cannot ${operation} object "${key}" under ${rootUri}: ${reason}`,
    { cause },
  );
}
