import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Every regular file under `dir`, as `/`-separated paths relative to it, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** A temp path beside `file` for a download that is renamed into place when complete. */
export function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.skiff-tmp-${randomUUID()}`);
}

/** Run `work` over `items` with at most `limit` in flight; the first failure rejects. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** True for an error raised by the local file system (it names a path), not by the network. */
export function isLocalFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return typeof (error as { path?: unknown } | null)?.path === 'string';
}
