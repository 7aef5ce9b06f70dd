import { executeRun } from '../engine/index.js';
import { ERROR_CODES, type ErrorCode, isSkiffError, SkiffError } from '../errors/index.js';
import type { PipelineSpec } from '../ir/types.js';
import type { RunRecord } from '../metadata/records.js';
import type { Services } from '../services.js';
import { type CliIo, EXIT } from './cli-io.js';
import { ProgressDisplay } from './progress.js';
import { loadRunDetails, runJson, runSummary } from './run-report.js';

/**
 * Exit code for a run's end state. A run that failed before any task started (the storage gate
 * refused its pipeline root) exits as its error's code says: 2 for bad input (docs/errors.md), else 1.
 */
export function exitCodeOf(run: RunRecord, taskCount: number): number {
  if (run.state === 'SUCCEEDED') return EXIT.ok;
  if (run.state === 'CANCELED') return EXIT.canceled;
  if (taskCount === 0 && ERROR_CODES[errorCodeOf(run.error) ?? 'SKIFF_INTERNAL'].badInput)
    return EXIT.badInput;
  return EXIT.failed;
}

/**
 * A run the engine could not go on with (its store's disk full): the same code, the run named, and
 * `skiff resume` with its id in the fix, since what was recorded is kept.
 */
function stoppedRun(run: RunRecord, error: unknown): unknown {
  if (!isSkiffError(error) || error.code !== 'SKIFF_DISK_FULL') return error;
  return new SkiffError(error.code, `run ${run.id} stopped: ${error.message}`, {
    fix: `${error.fix.replace(/, then .*$/, '')}, then continue the run with \`skiff resume ${run.id}\`; what it recorded is kept.`,
    cause: error,
  });
}

/** The registry code a run's error starts with (`SKIFF_X: ...`, as the engine records it), if any. */
function errorCodeOf(error: string | null): ErrorCode | undefined {
  const code = /^(SKIFF_[A-Z0-9_]+): /.exec(error ?? '')?.[1];
  return code !== undefined && Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : undefined;
}

/** Execute a stored run with live progress (none with --json), then print the summary or JSON. */
export async function executeWithProgress(
  io: CliIo,
  services: Services,
  run: RunRecord,
  spec: PipelineSpec,
  options: { json: boolean; stop?: AbortSignal },
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
  const onStop = () => {
    // A run canceled here (Ctrl-C) is CANCELING in the store too: that is not a server's request.
    if (display && !io.signal.aborted)
      io.stderr.write('\ncanceled through skiff server: terminating running tasks…\n');
  };
  io.signal.addEventListener('abort', onAbort, { once: true });
  options.stop?.addEventListener('abort', onStop, { once: true });
  const signal = options.stop === undefined ? io.signal : AbortSignal.any([io.signal, options.stop]);
  let final: RunRecord;
  try {
    final = await executeRun(deps, { run, spec, signal });
  } catch (error) {
    throw stoppedRun(run, error);
  } finally {
    display?.stop();
    io.signal.removeEventListener('abort', onAbort);
    options.stop?.removeEventListener('abort', onStop);
  }
  const details = await loadRunDetails(services.metadata, final);
  io.stdout.write(options.json ? `${JSON.stringify(runJson(details))}\n` : runSummary(details));
  return exitCodeOf(final, details.tasks.length);
}
