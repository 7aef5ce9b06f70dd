import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import { SkiffError } from '../errors/index.js';
import { findTooDeep, MAX_NESTING_DEPTH } from '../ir/index.js';

/**
 * Largest output file the launcher reads (executor_output.json, an output parameter file), in
 * bytes: 16 MiB. Its values go into the metadata store and every read of the run.
 */
export const MAX_OUTPUT_FILE_BYTES = 16 * 1024 * 1024;

/** Files up to this size are read on the calling thread: a trip through the thread pool costs more. */
const SYNC_READ_MAX_BYTES = 256 * 1024;

/**
 * The text of an output file `what` names (`output parameter "x"`), null when it does not exist,
 * or SKIFF_OUTPUT_TOO_LARGE when it is larger than `limitBytes` (it is not read then).
 */
export async function readOutputFile(
  file: string,
  what: string,
  limitBytes = MAX_OUTPUT_FILE_BYTES,
): Promise<string | null | SkiffError> {
  let sizeBytes: number;
  try {
    // Non-blocking: opening a FIFO for reading would wait for a writer, holding the event loop.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      // A device (/dev/zero) has no size and no end; a FIFO, a socket: nothing a task can leave a value in.
      if (!stat.isFile()) return notAFile(file, what, stat);
      sizeBytes = stat.size;
      if (sizeBytes <= SYNC_READ_MAX_BYTES) return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    if (sizeBytes > limitBytes) {
      return new SkiffError(
        'SKIFF_OUTPUT_TOO_LARGE',
        `${what} is ${sizeBytes} bytes (${file}), more than the ${limitBytes} bytes (${mebibytes(limitBytes)} MiB) Skiff reads as an output`,
      );
    }
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}

function notAFile(file: string, what: string, stat: Stats): SkiffError {
  const kind = stat.isFIFO()
    ? 'a named pipe (FIFO)'
    : stat.isCharacterDevice() || stat.isBlockDevice()
      ? 'a device'
      : stat.isSocket()
        ? 'a socket'
        : 'not a regular file';
  return new SkiffError(
    'SKIFF_OUTPUT_TYPE',
    `${what} at ${file} is ${kind}, not a file with the value in it`,
    {
      fix: 'Make the component write the value into a regular file at that path (not a pipe, a device or a link to one).',
    },
  );
}

/**
 * SKIFF_OUTPUT_TOO_LARGE when the executor output read from `file` nests past MAX_NESTING_DEPTH,
 * naming the output parameter or artifact it is in; undefined when it does not.
 */
export function executorOutputTooDeep(value: unknown, file: string): SkiffError | undefined {
  const found = findTooDeep(value);
  if (found === undefined) return undefined;
  const [section, name] = found.path.split(/[.[]/, 2);
  const output =
    section === 'parameterValues' && name
      ? `output parameter "${name}"`
      : section === 'artifacts' && name
        ? `the metadata of output artifact "${name}"`
        : 'it';
  return new SkiffError(
    'SKIFF_OUTPUT_TOO_LARGE',
    `executor output ${file} nests mappings and lists more than ${MAX_NESTING_DEPTH} levels deep at ${found.path}, in ${output}; Skiff reads at most ${MAX_NESTING_DEPTH} levels`,
    { location: found.path.slice(0, 200) },
  );
}

function mebibytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}
