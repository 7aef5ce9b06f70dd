import { statfsSync } from 'node:fs';
import path from 'node:path';
import { SkiffError } from '../errors/index.js';

/** Below this much free space, an I/O error writing a file is taken for a full disk. */
const NEARLY_FULL_BYTES = 256 * 1024;

/**
 * True when `error` says a file system is full or over quota: ENOSPC, EDQUOT, SQLite's SQLITE_FULL
 * (or SKIFF_DISK_FULL itself). SQLite reports some writes on a full disk only as an I/O error
 * (SQLITE_IOERR_*): with `file` given, such an error counts when its file system is nearly full.
 */
export function isDiskFull(error: unknown, file?: string): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || code === 'SKIFF_DISK_FULL')
      return true;
    if (/database or disk is full|no space left on device/i.test(e.message)) return true;
    if (file !== undefined && code?.startsWith('SQLITE_IOERR')) {
      const space = freeSpaceOf(file);
      if (space !== undefined && space.freeBytes < NEARLY_FULL_BYTES) return true;
    }
  }
  return false;
}

/** `1.5 MiB`, `512 B`: a byte count for people. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Free and total space of the file system holding `file` (its nearest existing ancestor), if known. */
export function freeSpaceOf(file: string): { freeBytes: number; totalBytes: number } | undefined {
  for (let dir = path.resolve(file); ; dir = path.dirname(dir)) {
    try {
      const stat = statfsSync(dir);
      return { freeBytes: stat.bavail * stat.bsize, totalBytes: stat.blocks * stat.bsize };
    } catch {
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}

/**
 * SKIFF_DISK_FULL for `what` (e.g. `writing the metadata store`) at `file`: names the path and the
 * space left on its file system (statfs), so the user knows what to free.
 */
export function diskFullError(file: string, what: string, cause: unknown): SkiffError {
  const space = freeSpaceOf(file);
  const free =
    space === undefined
      ? 'its free space is unknown'
      : `its file system has ${formatBytes(space.freeBytes)} free of ${formatBytes(space.totalBytes)}`;
  return new SkiffError('SKIFF_DISK_FULL', `${what} failed: ${file} is on a full disk (${free})`, {
    fix: `Free space on the file system of ${file} (or move it elsewhere), then run the command again; \`skiff resume RUN\` continues a run this stopped, and nothing recorded is lost.`,
    cause,
  });
}

/**
 * SKIFF_DISK_FULL for a raw full-disk error nothing expected (an entry point's last resort), naming
 * the path it carries; undefined when `error` is not a full disk.
 */
export function unexpectedDiskFull(error: unknown): SkiffError | undefined {
  if (!isDiskFull(error) || error instanceof SkiffError) return undefined;
  return diskFullError((error as NodeJS.ErrnoException).path ?? '.', 'writing', error);
}
