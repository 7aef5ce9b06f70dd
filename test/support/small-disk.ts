import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mounts: string[] = [];

/** A fresh tmpfs of `sizeKiB` (root only), unmounted by {@link unmountSmallDisks}. */
export function smallDisk(sizeKiB = 2048, prefix = 'skiff-full-'): string {
  const mount = mkdtempSync(join(tmpdir(), prefix));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', mount]);
  mounts.push(mount);
  return mount;
}

/** Unmount (lazily) every disk {@link smallDisk} made so far. */
export function unmountSmallDisks(): void {
  for (const mount of mounts.splice(0)) execFileSync('umount', ['-l', mount]);
}

/** Fill the file system of `dir` with `dir/filler`, then give back `freeKiB`; returns the filler's path. */
export function fill(dir: string, freeKiB = 0): string {
  const filler = join(dir, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
  } catch {
    // dd ends with "No space left on device": the point.
  }
  if (freeKiB > 0) execFileSync('truncate', ['-s', `-${freeKiB}K`, filler]);
  return filler;
}
