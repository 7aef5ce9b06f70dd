import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SkiffError } from '../errors/index.js';
import { fileUriToPath } from '../storage/index.js';
import { type DoctorCheck, failedCheck, timed } from './doctor-report.js';

/** A `file://` pipeline root: the directory can be made, and a probe file written, read back and deleted. */
export async function checkFileRoot(rootUri: string, rootSource: string): Promise<DoctorCheck> {
  const target = `${rootUri} (pipelineRoot from ${rootSource})`;
  try {
    const { durationMs } = await timed(async () => {
      const dir = fileUriToPath(rootUri);
      await fs.mkdir(dir, { recursive: true });
      const probe = path.join(dir, `.skiff-probe-${randomUUID()}`);
      try {
        await fs.writeFile(probe, 'skiff doctor probe');
        if ((await fs.readFile(probe, 'utf8')) !== 'skiff doctor probe')
          throw new Error('read back other bytes');
      } finally {
        await fs.rm(probe, { force: true });
      }
    });
    return {
      name: 'storage',
      target,
      status: 'ok',
      detail: 'local directory writable (probe written, read, deleted)',
      durationMs,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failedCheck(
      'storage',
      target,
      new SkiffError('SKIFF_STORAGE_IO', `pipeline root ${rootUri} is not a writable directory: ${reason}`, {
        fix: 'Make the directory writable, or set pipelineRoot (--pipeline-root, SKIFF_PIPELINE_ROOT) to one that is.',
        cause: error,
      }),
    );
  }
}
