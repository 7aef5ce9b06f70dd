import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SkiffError } from '../../errors/index.js';
import {
  diskFullError,
  isDiskFull,
  pseudoFileSystemProblem,
  unusableDirReason,
} from '../../local-fs/index.js';
import { fileUriToPath } from '../uri.js';

const PROBE_TEXT = 'skiff storage probe';

/**
 * Check a `file://` pipeline root where runs will write: not on a pseudo file system (/proc, /sys,
 * /dev: SKIFF_STORAGE_BAD_URI, found before anything is created), the directory made, and a probe
 * file written, read back and deleted in it (SKIFF_STORAGE_IO, or SKIFF_DISK_FULL). Resolves to
 * the error, or undefined when runs can write there. `rootSource` says where the root was set.
 */
export async function probeFileRoot(rootUri: string, rootSource: string): Promise<SkiffError | undefined> {
  const where = `pipeline root ${rootUri} (set in ${rootSource})`;
  const fix = 'Choose a pipelineRoot (--pipeline-root, SKIFF_PIPELINE_ROOT) on a writable local file system.';
  const dir = fileUriToPath(rootUri);
  const pseudo = await pseudoFileSystemProblem(dir);
  if (pseudo !== undefined) return new SkiffError('SKIFF_STORAGE_BAD_URI', `${where} ${pseudo}`, { fix });
  let step = 'cannot be made';
  try {
    await fs.mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.skiff-probe-${randomUUID()}`);
    step = 'cannot write a probe file';
    try {
      await fs.writeFile(probe, PROBE_TEXT);
      step = 'cannot read back a probe file';
      if ((await fs.readFile(probe, 'utf8')) !== PROBE_TEXT) throw new Error('it read back other bytes');
    } finally {
      await fs.rm(probe, { force: true });
    }
    return undefined;
  } catch (cause) {
    if (isDiskFull(cause)) return diskFullError(dir, `writing to ${where}`, cause);
    // Why the directory cannot be made, read off the file system: a file in its place, a link to
    // nothing, a read-only mount; else the error as the system gave it.
    const reason =
      step === 'cannot be made'
        ? unusableDirReason(dir, cause)
        : cause instanceof Error
          ? cause.message
          : String(cause);
    return new SkiffError('SKIFF_STORAGE_IO', `${where} ${step}: ${reason}`, {
      fix: `Make the directory writable by this user (a read-only mount cannot hold artifacts), or choose another pipelineRoot (--pipeline-root, SKIFF_PIPELINE_ROOT): a directory, not a file.`,
      cause,
    });
  }
}
