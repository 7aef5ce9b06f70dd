import { executeRun } from '../engine/index.js';
import type { PipelineSpec } from '../ir/types.js';
import type { RunRecord } from '../metadata/records.js';
import type { Services } from '../services.js';
import { type CliIo, EXIT } from './cli-io.js';
import { ProgressDisplay } from './progress.js';
import { loadRunDetails, runJson, runSummary } from './run-report.js';

/** Exit code for a run's end state. */
export function exitCodeOf(run: RunRecord): number {
  if (run.state === 'SUCCEEDED') return EXIT.ok;
  if (run.state === 'CANCELED') return EXIT.canceled;
  return EXIT.failed;
}

/** Execute a stored run with live progress (none with --json), then print the summary or JSON. */
export async function executeWithProgress(
  io: CliIo,
  services: Services,
  run: RunRecord,
  spec: PipelineSpec,
  options: { json: boolean },
): Promise<number> {
  const display = options.json
    ? undefined
    : new ProgressDisplay({
        write: (t) => io.stderr.write(t),
        isTTY: io.stdout.isTTY === true,
        ...(io.stdout.columns ? { columns: io.stdout.columns } : {}),
      });
  if (display) io.stderr.write(`run ${run.id} (${run.pipelineName}) → ${run.pipelineRoot}\n`);
  const deps = services.engineDeps(display ? (e) => display.onEvent(e) : undefined);
  const onAbort = () => {
    if (display) io.stderr.write('\ncanceling: terminating running tasks…\n');
  };
  io.signal.addEventListener('abort', onAbort, { once: true });
  let final: RunRecord;
  try {
    final = await executeRun(deps, { run, spec, signal: io.signal });
  } finally {
    display?.stop();
    io.signal.removeEventListener('abort', onAbort);
  }
  const details = await loadRunDetails(services.metadata, final);
  io.stdout.write(options.json ? `${JSON.stringify(runJson(details))}\n` : runSummary(details));
  return exitCodeOf(final);
}
