import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Apparent size in bytes of the tree at `target` (as `du -sb`): the lstat size of every entry,
 * symbolic links counted as links, never followed. Entries removed while walking count 0.
 */
export async function treeSizeBytes(target: string): Promise<number> {
  let stat: Awaited<ReturnType<typeof fs.lstat>>;
  try {
    stat = await fs.lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (!stat.isDirectory()) return stat.size;
  let names: string[];
  try {
    names = await fs.readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const sizes = await Promise.all(names.map((name) => treeSizeBytes(path.join(target, name))));
  return sizes.reduce((sum, size) => sum + size, stat.size);
}

/** A size for people, in SI units with one decimal: `812 B`, `41.2 MB`, `1.3 GB`. */
export function formatBytes(sizeBytes: number): string {
  if (sizeBytes < 1000) return `${sizeBytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = sizeBytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
