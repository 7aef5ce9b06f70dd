import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegularFile } from './read-regular-file.js';

/** A temp directory holding a named pipe nobody writes to. */
function fifoWithoutWriter(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-fifo-'));
  const fifo = join(dir, 'pipeline.yaml');
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

describe('readRegularFile', () => {
  it('reads a regular file (also through a symbolic link)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-read-'));
    writeFileSync(join(dir, 'a.yaml'), 'x: 1\n');
    expect((await readRegularFile(join(dir, 'a.yaml'))).toString()).toBe('x: 1\n');
  });

  it.each([
    ['a named pipe with no writer', fifoWithoutWriter, /is a named pipe \(FIFO\)/],
    ['a directory', () => mkdtempSync(join(tmpdir(), 'skiff-dir-')), /is a directory/],
    ['a character device', () => '/dev/zero', /is a character device/],
  ])('refuses %s at once, without reading it', async (_, make, what) => {
    const started = Date.now();
    const error = await readRegularFile(make()).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ code: 'ENOTREG' });
    expect((error as Error).message).toMatch(what);
    expect((error as Error).message).toContain('not a regular file');
  });

  it('passes a missing file on as ENOENT', async () => {
    await expect(readRegularFile('/no/such/file.yaml')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
