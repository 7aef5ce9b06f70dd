import { accessSync, constants, lstatSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Why a directory Skiff must write under (its home) cannot be made or written, read off the file
 * system after `error` (from mkdir): "is a file, not a directory", "is a link to X, which does not
 * exist", "is on a read-only file system", "is not writable by this user"; else the error itself.
 */
export function unusableDirReason(dir: string, error: unknown): string {
  // The nearest part of the path that exists tells what is wrong with it.
  for (let part = path.resolve(dir); ; part = path.dirname(part)) {
    const link = lstatOrUndefined(part);
    if (link !== undefined) {
      const shown = part === dir ? '' : `${part} `;
      if (link.isSymbolicLink() && statOrUndefined(part) === undefined) {
        return `${shown}is a link to ${readlinkSync(part)}, which does not exist`.trimStart();
      }
      if (!statOrUndefined(part)?.isDirectory()) return `${shown}is a file, not a directory`.trimStart();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || writeProblem(part) === 'EROFS')
        return `${shown}is on a read-only file system`.trimStart();
      if (writeProblem(part) !== undefined) return `${shown}is not writable by this user`.trimStart();
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
