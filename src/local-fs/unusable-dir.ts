import { accessSync, constants, lstatSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Why a directory Skiff must write under (its home, a pipeline root) cannot be made or written,
 * read off the file system after `error` (from mkdir), about the nearest part of its path that
 * exists: "P is a file, not a directory", "P is a link to X, which does not exist", "P is on a
 * read-only file system", "P is not writable by this user"; else the error's own message.
 */
export function unusableDirReason(dir: string, error: unknown): string {
  // The nearest part of the path that exists tells what is wrong with it.
  for (let part = path.resolve(dir); ; part = path.dirname(part)) {
    const link = lstatOrUndefined(part);
    if (link !== undefined) {
      if (link.isSymbolicLink() && statOrUndefined(part) === undefined) {
        return `${part} is a link to ${readlinkSync(part)}, which does not exist`;
      }
      if (!statOrUndefined(part)?.isDirectory()) return `${part} is a file, not a directory`;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || writeProblem(part) === 'EROFS') return `${part} is on a read-only file system`;
      if (writeProblem(part) !== undefined) return `${part} is not writable by this user`;
      break;
    }
    if (path.dirname(part) === part) break;
  }
  return error instanceof Error ? error.message : String(error);
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function writeProblem(dir: string): string | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}
