import { Command } from 'commander';
import { loadPipelineText } from '../../ir/index.js';
import type { CliIo } from '../cli-io.js';
import { executeStoredRun } from '../execute-stored-run.js';
import { findRun } from '../find-run.js';
import { withConfigFlags } from '../load-cli-config.js';

/** `skiff resume RUN`: continue an unfinished run; finished tasks never run again. */
export function resumeCommand(io: CliIo, done: (code: number) => void): Command {
  const command = new Command('resume')
    .description('continue an unfinished run (after a crash or kill); finished tasks are not run again')
    .argument('<run>', 'run id (or a unique prefix)')
    .option('--json', 'print no progress; print one JSON object with the result at the end');
  withConfigFlags(command);
  command.action(async (id: string, options: Record<string, unknown>) => {
    done(
      await executeStoredRun(io, options, `skiff resume ${id}`, async (services) => {
        const run = await findRun(services.metadata, id);
        return { run, spec: loadPipelineText(run.specText, `run ${run.id}`) };
      }),
    );
  });
  return command;
}
