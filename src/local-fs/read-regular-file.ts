import { constants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';

/** What a file that is not a regular file is, for messages: `a named pipe (FIFO)`, `a directory`, ... */
export function fileKindOf(stat: Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** The error of a path that is not a regular file: code `ENOTREG`, the message says what it is. */
function notRegular(path: string, stat: Stats): NodeJS.ErrnoException {
  return Object.assign(new Error(`it is ${fileKindOf(stat)}, not a regular file`), {
    code: 'ENOTREG',
    path,
  });
}

/**
 * Read a whole regular file (a symbolic link to one is fine). Anything else (a named pipe that
 * nobody writes to, a device that never ends, a directory) fails at once with code `ENOTREG`,
 * never blocking: the type is checked before opening, and again on the descriptor, which is opened
 * non-blocking so that a FIFO swapped in meanwhile cannot hang the open either.
 */
export async function readRegularFile(path: string): Promise<Buffer> {
  const before = await fs.stat(path);
  if (!before.isFile()) throw notRegular(path, before);
  const handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(path, stat);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
