import { Command } from 'commander';
import { prepareRetry } from '../../engine/index.js';
import { loadPipelineText } from '../../ir/index.js';
import type { CliIo } from '../cli-io.js';
import { executeStoredRun } from '../execute-stored-run.js';
import { findRun } from '../find-run.js';
import { withConfigFlags } from '../load-cli-config.js';

/**
 * `skiff retry RUN`: run a FAILED or CANCELED run again, as `POST /runs/{id}:retry` does: succeeded
 * and cached tasks are kept, the others run again with a fresh retry budget, earlier attempts kept.
 */
export function retryCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('retry')
    .description(
      'run a failed or canceled run again: succeeded tasks are kept, the others run again (earlier attempts are kept)',
    )
    .argument('<run>', 'run id (or a unique prefix)')
    .option('--json', 'print no progress; print one JSON object with the result at the end');
  withConfigFlags(command);
  command.action(async (id: string, options: Record<string, unknown>) => {
    // Beside a running server, retry through its API (POST /runs/{id}:retry) instead.
    done(
      await executeStoredRun(io, options, `skiff retry ${id}`, async (services) => {
        const found = await findRun(services.metadata, id);
        // Parsed before the run is touched: a spec this Skiff cannot load leaves the run as it was.
        const spec = loadPipelineText(found.specText, `run ${found.id}`);
        return { run: await prepareRetry(services.metadata, found), spec };
      }),
    );
  });
  return command;
}
