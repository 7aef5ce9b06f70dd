import { probeFileRoot } from '../storage/index.js';
import { type DoctorCheck, failedCheck, timed } from './doctor-report.js';

/** A `file://` pipeline root: the directory can be made, and a probe file written, read back and deleted. */
export async function checkFileRoot(rootUri: string, rootSource: string): Promise<DoctorCheck> {
  const target = `${rootUri} (pipelineRoot from ${rootSource})`;
  const { value: error, durationMs } = await timed(() => probeFileRoot(rootUri, rootSource));
  if (error !== undefined) return failedCheck('storage', target, error, durationMs);
  return {
    name: 'storage',
    target,
    status: 'ok',
    detail: 'local directory writable (probe written, read, deleted)',
    durationMs,
  };
}
