import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pseudoFileSystemOf } from './pseudo-fs.js';

describe('pseudoFileSystemOf', () => {
  it.each([
    ['/proc/skiff/artifacts', 'proc'],
    ['/proc', 'proc'],
    ['/sys/fs/cgroup/x', 'sysfs'],
    ['/dev/skiff', 'devtmpfs'],
  ])('names the pseudo file system %s is on', async (dir, name) => {
    expect((await pseudoFileSystemOf(dir))?.name).toBe(name);
  });

  it('finds a path that reaches /proc through .. or a symbolic link', async () => {
    expect((await pseudoFileSystemOf('/tmp/../proc/x'))?.name).toBe('proc');
  });

  it('passes real storage, existing or not yet made, and /dev/shm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-pseudo-'));
    expect(await pseudoFileSystemOf(dir)).toBeUndefined();
    expect(await pseudoFileSystemOf(join(dir, 'not', 'made'))).toBeUndefined();
    expect(await pseudoFileSystemOf('/dev/shm/skiff')).toBeUndefined();
  });
});
